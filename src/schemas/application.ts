import { Type, type Static } from '@sinclair/typebox'
import { Envelope } from './common.js'

// COC's model classes (ApplicationCreateRequest, ApplicationUpdateRequest, ListApplicationsRequest)
// state no limits; these are the emulator's, written down in docs/contract-notes.md.
const Name = Type.String({ minLength: 1, maxLength: 255, description: 'the application\'s name' })
const Description = Type.String({ maxLength: 1024 })
const ApplicationId = Type.String({ minLength: 1, maxLength: 255 })

/** ApplicationCreateRequest. The Terraform provider sends name, parent_id and description. */
export const CreateApplicationBody = Type.Object({
  name: Name,
  parent_id: Type.Optional(Type.String({ maxLength: 255, description: 'the parent application; empty or absent for a top-level one' })),
  description: Type.Optional(Description)
}, { $id: 'ApplicationCreateRequest' })
export type CreateApplicationBody = Static<typeof CreateApplicationBody>

/** ApplicationUpdateRequest: every member optional; what is absent stays as it was. */
export const UpdateApplicationBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Description),
  is_collection: Type.Optional(Type.Boolean({ description: 'a favourite of the user' }))
}, { $id: 'ApplicationUpdateRequest' })
export type UpdateApplicationBody = Static<typeof UpdateApplicationBody>

export const ApplicationParams = Type.Object({ id: ApplicationId })

/** ListApplicationsRequest. id_list may repeat or be comma-separated; marker is the last id of the previous page. */
export const ListApplicationsQuery = Type.Object({
  id_list: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { maxItems: 100 })),
  parent_id: Type.Optional(Type.String({ maxLength: 255 })),
  name_like: Type.Optional(Type.String({ maxLength: 255 })),
  code: Type.Optional(Type.String({ maxLength: 255 })),
  marker: Type.Optional(Type.String({ maxLength: 255 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'page size' })
})
export type ListApplicationsQuery = Static<typeof ListApplicationsQuery>

/** ApplicationQueryResponseData. Times are epoch milliseconds written as strings, as the provider reads them. */
export const ApplicationInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  code: Type.String(),
  domain_id: Type.String(),
  parent_id: Type.String(),
  description: Type.String(),
  path: Type.String(),
  is_collection: Type.Boolean(),
  create_time: Type.String(),
  update_time: Type.String()
}, { $id: 'ApplicationQueryResponseData' })
export type ApplicationInfo = Static<typeof ApplicationInfo>

/** The provider reads the new id at data.id (the SDK's model says data is the id itself). */
export const CreateApplicationResponse = Envelope(Type.Object({ id: Type.String() }))
export const UpdateApplicationResponse = Envelope(Type.Object({ id: Type.String() }))
export const DeleteApplicationResponse = Envelope(Type.Null())
export const ListApplicationsResponse = Envelope(Type.Array(ApplicationInfo))

/** The control plane's view and insert of applications, in the tickets' shape. */
export const AdminApplication = Type.Object({
  id: Type.Optional(ApplicationId),
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  name: Name,
  name_zh: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'display name in Chinese for enum_data_list (default: name)' })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  parent_id: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Description),
  is_collection: Type.Optional(Type.Boolean())
})
export type AdminApplication = Static<typeof AdminApplication>

export const InsertApplicationsBody = Type.Object({
  applications: Type.Array(AdminApplication, { minItems: 1, maxItems: 1000 })
})

export const AdminApplicationsQuery = Type.Object({
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  marker: Type.Optional(Type.String({ maxLength: 255 }))
})

const AdminApplicationView = Type.Object({ ...ApplicationInfo.properties, name_zh: Type.String() })
export const ApplicationsResult = Type.Object({ applications: Type.Array(AdminApplicationView), total: Type.Integer({ description: 'how many there are in all (a list: of the domain asked for)' }) })
export const DeletedApplication = Type.Object({ id: Type.String() })
