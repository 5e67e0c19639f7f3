import { Type } from '@sinclair/typebox'
import { ProviderCode, StringEnum } from './common.js'

/** The ticket types whose attachments are emulated: COC's incident tickets. */
const ATTACHMENT_TICKET_TYPES = ['incident'] as const

export const TicketTypeParams = Type.Object({
  ticket_type: StringEnum(ATTACHMENT_TICKET_TYPES, { description: 'the ticket type; incident' })
})

export const AttachmentParams = Type.Object({
  ticket_type: StringEnum(ATTACHMENT_TICKET_TYPES, { description: 'the ticket type; incident' }),
  doc_id: Type.String({ minLength: 1, maxLength: 255, description: 'the id an upload answered' })
})

/** ExternalAttachment. */
const ExternalAttachment = Type.Object({
  doc_id: Type.String(),
  doc_name: Type.String()
}, { $id: 'ExternalAttachment' })

/** CreateExternalCocAttachmentResponse: not the usual envelope (code and msg, no error_code). */
export const CreateExternalAttachmentResponse = Type.Object({
  code: Type.String(),
  provider_code: ProviderCode,
  msg: Type.String(),
  data: ExternalAttachment
})

/** CreateAttachmentResponse: the same, with the id and name repeated at the top. */
export const CreateAttachmentResponse = Type.Object({
  code: Type.String(),
  provider_code: ProviderCode,
  msg: Type.String(),
  data: ExternalAttachment,
  name: Type.String(),
  id: Type.String()
})
