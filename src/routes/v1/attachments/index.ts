import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import contentDisposition from 'content-disposition'
import { MULTIPART_LIMITS, readUpload } from '../../../attachment/upload.js'
import { PROVIDER_CODE, SUCCESS_CODE } from '../../../schemas/common.js'
import { AttachmentParams, CreateAttachmentResponse, CreateExternalAttachmentResponse, TicketTypeParams } from '../../../schemas/attachment.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'

const TAGS = ['attachments']

/**
 * The Node SDK reads a download as bytes only when its type is application/octet-stream, an
 * image or a zip; any other type it parses as JSON and drops. So images keep their own type and
 * every other file goes out as application/octet-stream, its name in Content-Disposition.
 */
function downloadType (stored: string): string {
  return stored.startsWith('image/') ? stored : 'application/octet-stream'
}

/** The upload routes (multipart/form-data, one `file` part) and the download. */
const attachmentRoutes: FastifyPluginAsyncTypebox = async app => {
  // Only this scope parses multipart bodies; the file size limit is the upload's own (10 MiB).
  await app.register(multipart, { limits: MULTIPART_LIMITS })
  // Any other body is read (within the body limit) and refused by the handler with a 400 that
  // says what to send, rather than a 415 that says "send JSON".
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, undefined) })

  const upload = (ticketType: string) => async (request: Parameters<typeof readUpload>[0]) => {
    const file = await readUpload(request)
    return app.attachmentService.upload(request.principal, ticketType, file)
  }
  const external = upload('external')

  app.post('/v1/external/incident/attachments', {
    config: { handlerReadsBody: true },
    schema: {
      summary: 'Upload an attachment (CreateExternalCocAttachment)',
      tags: TAGS,
      headers: AuthHeaders,
      response: { 200: CreateExternalAttachmentResponse, ...ErrorResponses }
    }
  }, async request => {
    const data = await external(request)
    return { code: SUCCESS_CODE, provider_code: PROVIDER_CODE, msg: 'success', data }
  })

  app.post('/v1/:ticket_type/attachments', {
    config: { handlerReadsBody: true },
    schema: {
      summary: 'Upload an attachment of a ticket type (CreateAttachment)',
      tags: TAGS,
      headers: AuthHeaders,
      params: TicketTypeParams,
      response: { 200: CreateAttachmentResponse, ...ErrorResponses }
    }
  }, async request => {
    const data = await upload(request.params.ticket_type)(request)
    return { code: SUCCESS_CODE, provider_code: PROVIDER_CODE, msg: 'success', data, name: data.doc_name, id: data.doc_id }
  })

  app.get('/v1/:ticket_type/attachments/:doc_id', {
    schema: {
      summary: 'Download an attachment (DownloadAttachment)',
      tags: TAGS,
      headers: AuthHeaders,
      params: AttachmentParams,
      response: { ...ErrorResponses }
    }
  }, async (request, reply) => {
    const record = app.attachmentService.download(request.principal, request.params.doc_id)
    return reply
      .type(downloadType(record.content_type))
      .header('content-disposition', contentDisposition(record.doc_name))
      // Bytes are sent as they are: no serialiser runs on a Buffer.
      .send(record.content as never)
  })
}

export default attachmentRoutes
