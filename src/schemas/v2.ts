import { Type, type Static } from '@sinclair/typebox'
import { Envelope, NO_CONTROL_CHARACTERS } from './common.js'
import { ObjectFilter } from './v1.js'

// COC's v2 incident API pages (ListIncidents, HandleIncident, ListIncidentsHistories): v2 calls the ticket number `incident_id` (1 to 50 characters).
export const IncidentIdParams = Type.Object({
  incident_id: Type.String({ minLength: 1, maxLength: 50, pattern: NO_CONTROL_CHARACTERS, description: 'incident number' })
})

const Operation = Type.Object({ task_id: Type.String(), key: Type.String() })

/** CocTaskDetailV2: every member a string. */
const TaskDetail = Type.Object({
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
const FilterV2 = Type.Object({
  operator: Type.String({ minLength: 1, maxLength: 20 }),
  field: Type.String({ minLength: 1, maxLength: 100 }),
  values: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 }),
  group: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  match_type: Type.Optional(Type.String()),
  priority_type: Type.Optional(Type.String())
})

const SortV2 = Type.Object({ field: Type.Optional(Type.String()), operator: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })

/**
 * A group_by_filter: an ObjectFilterV2 naming the field grouped on; the SDK sends one object,
 * Terraform's incidents data source a list of at most one. Every member is optional, so the `{}`
 * clients send for "none" stays valid.
 */
const GroupByFilter = Type.Partial(FilterV2)
const GroupByInput = Type.Union([GroupByFilter, Type.Array(GroupByFilter, { maxItems: 10 })])

/** A count_filters set: `{name, filters}`; how many sets and filters is checked with the rest of the query. */
const CountFilter = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })), filters: Type.Optional(Type.Array(FilterV2, { maxItems: 100 })) })

/** ListTicketParamsWithPageV2. */
export const ListBody = Type.Object({
  fields: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
  count_filters: Type.Optional(Type.Array(CountFilter, { maxItems: 100 })),
  string_filters: Type.Optional(Type.Array(FilterV2, { maxItems: 20 })),
  int_filters: Type.Optional(Type.Array(FilterV2, { maxItems: 20 })),
  group_by_filter: Type.Optional(GroupByInput),
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

/** A filter as any v2 list body sends it (v2 histories also take v1's shape: `name` for the field, `=` by default). */
export interface FilterInput { field?: string | undefined, operator?: string | undefined, values?: string[] | undefined, name?: string | undefined }
type GroupByInput = Static<typeof GroupByInput>

/** What the list engine reads of a v2 list body: the v2 list's and v2 histories' alike. */
export interface ListQueryBody {
  string_filters?: FilterInput[] | undefined
  int_filters?: FilterInput[] | undefined
  condition?: string | undefined
  sort_filter?: Static<typeof SortV2> | Array<Static<typeof SortV2>> | undefined
  count_filters?: Array<{ name?: string | undefined, filters?: FilterInput[] | undefined }> | undefined
  group_by_filter?: GroupByInput | undefined
  page: number
  per_page: number
  contain_total?: boolean | undefined
}

/** count_filters' answer, one entry per set in the order asked (see docs/contract-notes.md). */
const CountResult = Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() }))
/** group_by_filter's answer: the count per value, most frequent first, values as strings like every v2 scalar. */
const GroupByResult = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }))

export const ListResponse = Envelope(Type.Object({
  tickets: Type.Array(TicketV2),
  total: Type.Optional(Type.Integer()),
  count_result: Type.Optional(CountResult),
  group_by_result: Type.Optional(GroupByResult)
}))

// A v2 histories filter: ObjectFilterV2, or v1's ObjectFilter (every member optional) as clients sent before.
const HistoryFilter = Type.Partial(FilterV2)

// ListTicketParamsV2. The documents give sort_filter as an array, the SDK and Terraform send an object.
// Paging is the v2 list's; without per_page every record of the ticket comes back.
export const HistoriesBody = Type.Object({
  fields: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
  count_filters: Type.Optional(Type.Array(CountFilter, { maxItems: 100 })),
  string_filters: Type.Optional(Type.Array(HistoryFilter, { maxItems: 20 })),
  int_filters: Type.Optional(Type.Array(HistoryFilter, { maxItems: 20 })),
  group_by_filter: Type.Optional(GroupByInput),
  sort_filter: Type.Optional(Type.Union([ObjectFilter, Type.Array(ObjectFilter, { maxItems: 10 })])),
  condition: Type.Optional(Type.String({ maxLength: 1000 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  contain_total: Type.Optional(Type.Boolean()),
  incident_id: Type.Optional(Type.String())
})
export type HistoriesBody = Static<typeof HistoriesBody>

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

export const HistoriesResponse = Envelope(Type.Object({
  total: Type.Integer(),
  // Partial: `fields` narrows each record to the keys it names.
  info: Type.Array(Type.Partial(V2HistoryItem)),
  count_result: Type.Optional(CountResult),
  group_by_result: Type.Optional(GroupByResult)
}))
