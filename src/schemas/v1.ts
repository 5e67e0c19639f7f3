import { Type, type Static } from '@sinclair/typebox'
import { INCIDENT_LEVELS, INCIDENT_SOURCES, INCIDENT_TYPES } from '../vocab.js'
import { Envelope, EpochMs, StringEnum } from './common.js'
import { IncidentNum } from './incident.js'

// Limits from COC's API pages "Creating an Incident Ticket", "Handling an Incident Ticket",
// "Querying Ticket Operation Histories" and "Querying the Incident Ticket List".
const Text = (maxLength: number) => Type.String({ maxLength })
const OneItem = Type.Array(Text(255), { maxItems: 1, description: 'only one item is supported' })

/** CreateExternalIncidentRequest. Fields it does not model are ignored; explicit nulls count as absent. */
export const CreateIncidentBody = Type.Object({
  region: Type.Optional(OneItem),
  enterprise_project: Type.Optional(OneItem),
  current_cloud_service: Type.Optional(OneItem),
  incident_level: StringEnum(INCIDENT_LEVELS.map(l => l.key)),
  // true or "true": the Go SDK sends a string since 0.1.173, everyone else a boolean.
  is_service_interrupt: Type.Boolean(),
  // Any registered incident category (COC's presets, fixture or inserted ones): the incident
  // service checks it against the registry and names the registered keys when it is not.
  incident_type: Type.String({ minLength: 1, maxLength: 255, description: `a registered incident category: ${INCIDENT_TYPES.map(t => t.key).join(', ')} or one added in categories.json or with POST /__admin/categories` }),
  incident_title: Type.String({ minLength: 1, maxLength: 200 }),
  incident_description: Type.Optional(Text(600)),
  incident_source: StringEnum(INCIDENT_SOURCES.map(s => s.key)),
  incident_assignee: Type.Optional(OneItem),
  assignee_scene: Type.Optional(Text(255)),
  assignee_role: Type.Optional(Text(255)),
  creator: Type.String({ minLength: 1, maxLength: 255 }),
  incident_ownership: Type.Optional(Text(255)),
  start_time: Type.Optional(EpochMs({ description: 'fault start, epoch ms' }))
}, { $id: 'CreateExternalIncidentRequest' })
export type CreateIncidentBody = Static<typeof CreateIncidentBody>

export const CreateIncidentResponse = Envelope(Type.Object({ incident_num: Text(255) }))

/** HandleExternalIncidentRequest: `parameter` depends on `operate_key`; its values may be strings. */
export const HandleIncidentBody = Type.Object({
  incident_num: IncidentNum,
  operator: Type.String({ minLength: 1, maxLength: 255 }),
  operate_key: Type.String({ minLength: 1, maxLength: 255 }),
  parameter: Type.Optional(Type.Object({}, { additionalProperties: true }))
}, { $id: 'HandleExternalIncidentRequest' })
export type HandleIncidentBody = Static<typeof HandleIncidentBody>

export const NullDataResponse = Envelope(Type.Null())

/** ObjectFilter of the v1 list bodies. */
export const ObjectFilter = Type.Object({
  name: Type.Optional(Text(255)),
  operator: Type.Optional(Text(255)),
  field: Type.Optional(Text(255)),
  values: Type.Optional(Type.Array(Text(255), { maxItems: 100 }))
})
export type ObjectFilter = Static<typeof ObjectFilter>

export const TicketTypeParams = Type.Object({ ticket_type: Text(255) })

export const ListHistoriesBody = Type.Object({
  string_filters: Type.Optional(Type.Array(ObjectFilter, { maxItems: 20 })),
  sort_filter: Type.Optional(ObjectFilter)
}, { $id: 'ListTicketParams' })
export type ListHistoriesBody = Static<typeof ListHistoriesBody>

const HistoryEnumData = Type.Object({
  is_deleted: Type.Boolean(),
  match_type: Type.String(),
  ticket_id: Type.String(),
  real_ticket_id: Type.String(),
  name_zh: Type.String(),
  name_en: Type.String(),
  user_name: Type.String(),
  biz_id: Type.String(),
  prop_id: Type.String(),
  model_id: Type.String()
})

/** TicketHistoryInfo; `is_deteted` (sic) is the key Terraform reads. Times are numbers in v1. */
export const HistoryItem = Type.Object({
  action_id: Type.String(),
  action: Type.String(),
  sub_action: Type.String(),
  operator: Type.String(),
  comment: Type.String(),
  id: Type.String(),
  ticket_id: Type.String(),
  start_time: Type.Integer(),
  stop_time: Type.Integer(),
  update_time: Type.Integer(),
  target_type: Type.String(),
  target_value: Type.String(),
  is_deteted: Type.Boolean(),
  action_name_zh: Type.String(),
  action_name_en: Type.String(),
  action_template_zh: Type.String(),
  action_template_en: Type.String(),
  status: Type.String(),
  final_sub_action: Type.String(),
  enum_data_list: Type.Array(HistoryEnumData)
}, { $id: 'TicketHistoryInfo' })
export type HistoryItem = Static<typeof HistoryItem>

export const ListHistoriesResponse = Envelope(Type.Object({ total: Type.Integer(), info: Type.Array(HistoryItem) }))

export const SimpleListQuery = Type.Object({
  offset: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1, description: 'page number, 1 is the first page' }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'page size' })
})

/** One ticket of the simplified list. */
export const SimpleTicketInfo = Type.Object({
  title: Type.String(),
  ticket_id: Type.String(),
  description: Type.String(),
  status: Type.String(),
  level: Type.String(),
  enterprise_project: Type.String(),
  source: Type.String(),
  creator: Type.String(),
  assignee: Type.Array(Type.String())
})
export type SimpleTicketInfo = Static<typeof SimpleTicketInfo>

// `IncidentSimpleTicketInfos` is capitalised in COC's response, sic.
export const SimpleListResponse = Envelope(Type.Object({
  total: Type.Integer(),
  IncidentSimpleTicketInfos: Type.Array(SimpleTicketInfo)
}))
