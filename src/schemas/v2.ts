import { Type, type Static } from '@sinclair/typebox'
import { Envelope, NO_CONTROL_CHARACTERS } from './common.js'
import { ObjectFilter } from './v1.js'

// COC's v2 incident API pages (ListIncidents, HandleIncident, ListIncidentsHistories): v2 calls the ticket number `incident_id` (1 to 50 characters).
export const IncidentIdParams = Type.Object({
  incident_id: Type.String({ minLength: 1, maxLength: 50, pattern: NO_CONTROL_CHARACTERS, description: 'incident number' })
})

const Operation = Type.Object({ task_id: Type.String(), key: Type.String() })

/** CocTaskDetailV2: every member a string. */
export const TaskDetail = Type.Object({
  type: Type.String(),
  key: Type.String(),
  name: Type.String(),
  state: Type.String(),
  operations: Type.Array(Operation)
}, { $id: 'CocTaskDetailV2' })

export const TasksResponse = Envelope(Type.Array(TaskDetail))

/** ExecuteActionParamsV2. Terraform sends `params: null` when unset, and string maps otherwise. */
export const ActionBody = Type.Object({
  task_id: Type.String({ minLength: 1, maxLength: 100 }),
  action: Type.String({ minLength: 1, maxLength: 100 }),
  params: Type.Optional(Type.Object({}, { additionalProperties: true }))
}, { $id: 'ExecuteActionParamsV2' })
export type ActionBody = Static<typeof ActionBody>

/** HandleIncident's response: the envelope without `data`. */
export const ActionResponse = Type.Omit(Envelope(Type.Null()), ['data'])

/** ObjectFilterV2: values are strings in practice, also for times and numbers. */
export const FilterV2 = Type.Object({
  operator: Type.String({ minLength: 1, maxLength: 20 }),
  field: Type.String({ minLength: 1, maxLength: 100 }),
  values: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 }),
  group: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  match_type: Type.Optional(Type.String()),
  priority_type: Type.Optional(Type.String())
})

const SortV2 = Type.Object({ field: Type.Optional(Type.String()), operator: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })

/** ListTicketParamsWithPageV2. */
export const ListBody = Type.Object({
  fields: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
  count_filters: Type.Optional(Type.Array(Type.Object({ name: Type.Optional(Type.String()), filters: Type.Optional(Type.Array(FilterV2)) }))),
  string_filters: Type.Optional(Type.Array(FilterV2, { maxItems: 20 })),
  int_filters: Type.Optional(Type.Array(FilterV2, { maxItems: 20 })),
  group_by_filter: Type.Optional(Type.Object({}, { additionalProperties: true })),
  sort_filter: Type.Optional(Type.Union([SortV2, Type.Array(SortV2, { maxItems: 10 })])),
  condition: Type.Optional(Type.String({ maxLength: 1000 })),
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  contain_all: Type.Optional(Type.Boolean()),
  contain_total: Type.Optional(Type.Boolean()),
  contain_sub_ticket: Type.Optional(Type.Boolean()),
  ticket_types: Type.Optional(Type.Array(Type.String(), { maxItems: 20 }))
}, { $id: 'ListTicketParamsWithPageV2' })
export type ListBody = Static<typeof ListBody>

const V2Enum = Type.Object({ prop_id: Type.String(), biz_id: Type.String(), name_zh: Type.String(), name_en: Type.String() })

/** CocIncidentDataV2: every scalar a string. Keys outside `fields`, when given, are left out. */
export const TicketV2 = Type.Partial(Type.Object({
  current_cloud_service_id: Type.String(),
  level_id: Type.String(),
  mtm_region: Type.String(),
  source_id: Type.String(),
  forward_rule_id: Type.String(),
  enterprise_project_id: Type.String(),
  mtm_type: Type.String(),
  title: Type.String(),
  description: Type.String(),
  ticket_id: Type.String(),
  is_service_interrupt: Type.String(),
  work_flow_status: Type.String(),
  phase: Type.String(),
  assignee: Type.String(),
  creator: Type.String(),
  operator: Type.String(),
  update_time: Type.String(),
  create_time: Type.String(),
  start_time: Type.String(),
  handle_time: Type.String(),
  incident_ownership: Type.String(),
  // Beyond the SDK's model: the ticket's war room number, or empty (docs/contract-notes.md, "War rooms").
  warroom_id: Type.String(),
  enum_data_list: Type.Array(V2Enum)
}), { $id: 'CocIncidentDataV2' })
export type TicketV2 = Static<typeof TicketV2>

export const ListResponse = Envelope(Type.Object({ tickets: Type.Array(TicketV2), total: Type.Optional(Type.Integer()) }))

// ListTicketParamsV2. The documents give sort_filter as an array, the SDK and Terraform send an object.
export const HistoriesBody = Type.Object({
  string_filters: Type.Optional(Type.Array(ObjectFilter, { maxItems: 20 })),
  sort_filter: Type.Optional(Type.Union([ObjectFilter, Type.Array(ObjectFilter, { maxItems: 10 })])),
  incident_id: Type.Optional(Type.String())
})

/** A history item of CocListHistoryResponseDataV2: v2 sends times as strings. */
export const V2HistoryItem = Type.Object({
  action: Type.String(),
  action_name_zh: Type.String(),
  action_name_en: Type.String(),
  operator: Type.String(),
  status: Type.String(),
  start_time: Type.String(),
  stop_time: Type.String(),
  comment: Type.String(),
  enum_data_list: Type.Array(V2Enum)
})
export type V2HistoryItem = Static<typeof V2HistoryItem>

export const HistoriesResponse = Envelope(Type.Object({ total: Type.Integer(), info: Type.Array(V2HistoryItem) }))
