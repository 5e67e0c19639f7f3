import { Type, type Static } from '@sinclair/typebox'
import { STATUS, STEP_IDS as WORKFLOW_STEP_IDS } from '../vocab.js'
import { Envelope, EPOCH_MS_MAX, EpochMs, ErrorEnvelopeSchema, NO_CONTROL_CHARACTERS, PATH_OR_PREFIX, StringEnum } from './common.js'
import { IncidentDetail, IncidentNum } from './incident.js'

/** How credentials are checked (--auth). */
export const AUTH_MODES = ['strict', 'permissive', 'off'] as const
export type AuthMode = typeof AUTH_MODES[number]

/** Requests the journal keeps by default, and at most (--journal-size). */
export const DEFAULT_JOURNAL_SIZE = 1000
export const MAX_JOURNAL_SIZE = 100_000

/** The OpenAPI tag of every /__admin route. */
export const ADMIN_TAGS = ['control plane']

/** The error responses of every /__admin route. */
export const AdminErrorResponses = {
  400: ErrorEnvelopeSchema,
  401: ErrorEnvelopeSchema,
  403: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
  409: ErrorEnvelopeSchema,
  500: ErrorEnvelopeSchema
}

export const ResetQuery = Type.Object({
  empty: Type.Optional(Type.Boolean({ description: 'true: no tickets at all instead of the seeded ones' }))
})

export const ResetResult = Type.Object({
  tickets: Type.Integer({ description: 'tickets in the store after the reset' }),
  seeded: Type.Boolean(),
  ms: Type.Integer()
})

const CREATE_REQUIRED = ['incident_level', 'is_service_interrupt', 'incident_type', 'incident_title', 'incident_source', 'creator'] as const
const DEFAULTED = ['region', 'enterprise_project', 'current_cloud_service', 'start_time', 'fault_recovery_time',
  'fault_delineation_time', 'incident_ownership', 'incident_description', 'incident_assignee', 'assignee_scene',
  'assignee_role', 'warroom_id', 'handle_time', 'create_time', 'enum_data_list'] as const

const STEP_IDS = ['create', ...WORKFLOW_STEP_IDS]

/** One stored history record of an inserted ticket. */
const AdminHistoryEntry = Type.Object({
  step: StringEnum(STEP_IDS, { description: 'create or a workflow step (accept, commitSolution, confirm, ...)' }),
  operator: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'default: the ticket creator' })),
  comment: Type.Optional(Type.String({ maxLength: 10_000 })),
  status: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'status after the step; default: the ticket status' })),
  time: Type.Optional(EpochMs({ description: 'epoch ms; default: the ticket create_time' }))
})
type AdminHistoryEntry = Static<typeof AdminHistoryEntry>

/**
 * A ticket to insert: the detail route's fields with its limits. The fields create requires
 * are required; `incident_num` and `status` may be given; the rest have the defaults of a
 * created ticket.
 */
export const AdminTicket = Type.Composite([
  Type.Pick(IncidentDetail, CREATE_REQUIRED),
  Type.Partial(Type.Pick(IncidentDetail, DEFAULTED)),
  Type.Object({
    incident_num: Type.Optional(IncidentNum),
    status: Type.Optional(StringEnum(Object.values(STATUS), { description: `default: ${STATUS.triggered}` })),
    domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS, description: 'owning domain; default: the default domain' })),
    history: Type.Optional(Type.Array(AdminHistoryEntry, { maxItems: 1000, description: 'stored history; default: derived from the status' }))
  })
])
export type AdminTicket = Static<typeof AdminTicket>

export const MAX_INSERTED_TICKETS = 10_000

export const InsertTicketsBody = Type.Object({
  tickets: Type.Array(AdminTicket, { minItems: 1, maxItems: MAX_INSERTED_TICKETS })
})
export type InsertTicketsBody = Static<typeof InsertTicketsBody>

/** A ticket as the control plane shows it: the detail and the owning domain. */
export const AdminTicketView = Type.Composite([IncidentDetail, Type.Object({ domain_id: Type.String() })])

export const TicketsResult = Type.Object({ tickets: Type.Array(AdminTicketView), total: Type.Integer() })

export const TicketsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 }))
})

export const TicketNumParams = Type.Object({ incident_num: IncidentNum })

export const DeletedTicket = Type.Object({ incident_num: Type.String() })

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*'] as const
const PATH_PATTERN = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: PATH_OR_PREFIX,
  description: 'a path, or a path prefix ending in *'
})

export const RequestsQuery = Type.Object({
  method: Type.Optional(StringEnum(HTTP_METHODS.filter(method => method !== '*'))),
  path: Type.Optional(PATH_PATTERN),
  incident_num: Type.Optional(IncidentNum),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: 'the HTTP status sent' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_JOURNAL_SIZE, default: 100 })
})
export type RequestsQuery = Static<typeof RequestsQuery>

export const JournaledRequest = Type.Object({
  id: Type.Integer(),
  request_id: Type.String(),
  time: Type.Integer({ description: 'epoch ms' }),
  method: Type.String(),
  path: Type.String(),
  query: Type.String(),
  headers: Type.Record(Type.String(), Type.String(), { description: 'secrets redacted' }),
  body: Type.Unknown({ description: 'the JSON body, or null' }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the connection was dropped' }),
  error_code: Type.Union([Type.String(), Type.Null()]),
  incident_num: Type.Union([Type.String(), Type.Null()]),
  domain_id: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Number(),
  fault_id: Type.Union([Type.String(), Type.Null()])
})

export type JournaledRequest = Static<typeof JournaledRequest>

export const RequestsResult = Type.Object({
  requests: Type.Array(JournaledRequest, { description: 'newest first' }),
  total: Type.Integer({ description: 'journaled requests that match' }),
  capacity: Type.Integer(),
  dropped: Type.Integer({ description: 'requests pushed out of the full journal' })
})

export const FaultBody = Type.Object({
  method: StringEnum(HTTP_METHODS),
  path: PATH_PATTERN,
  incident_num: Type.Optional(IncidentNum),
  delay_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 300_000 })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  error_code: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS })),
  error_msg: Type.Optional(Type.String({ maxLength: 2048 })),
  drop: Type.Optional(Type.Boolean()),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 }))
})
export type FaultBody = Static<typeof FaultBody>

export const FaultView = Type.Composite([FaultBody, Type.Object({
  id: Type.String(),
  matched: Type.Integer(),
  remaining: Type.Union([Type.Integer(), Type.Null()])
})])

export type FaultView = Static<typeof FaultView>

export const FaultIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) })

export const ClockBody = Type.Object({
  frozen_at: Type.Optional(EpochMs({ description: 'freeze at this epoch ms' })),
  offset_ms: Type.Optional(Type.Integer({ minimum: -EPOCH_MS_MAX, maximum: EPOCH_MS_MAX, description: 'shift by this much; the shifted instant must stay within 1970 to 9999' }))
})

export type ClockBody = Static<typeof ClockBody>

export const ClockView = Type.Object({
  now: Type.Integer(),
  frozen_at: Type.Union([Type.Integer(), Type.Null()]),
  offset_ms: Type.Integer()
})
export type ClockView = Static<typeof ClockView>

export { Envelope }

/** The filter of GET /__admin/requests, as a JSON body: every member optional, no limit. */
export const RequestsFilter = Type.Omit(RequestsQuery, ['limit'])
export type RequestsFilter = Static<typeof RequestsFilter>

export const RequestsCount = Type.Object({
  count: Type.Integer({ description: 'journaled requests that match (the journal keeps the last --journal-size)' })
})
export type RequestsCount = Static<typeof RequestsCount>

export type ResetResult = Static<typeof ResetResult>
export type TicketsQuery = Static<typeof TicketsQuery>
export type TicketsResult = Static<typeof TicketsResult>
export type AdminTicketView = Static<typeof AdminTicketView>
export type RequestsResult = Static<typeof RequestsResult>
