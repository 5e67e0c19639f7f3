import { Type, type Static } from '@sinclair/typebox'
import { STATUS } from '../vocab.js'
import { AdminTicketView, AUTH_MODES, ClockView } from './admin.js'
import { NO_CONTROL_CHARACTERS, StringEnum } from './common.js'
import { WorkflowFields } from './incident.js'

/** The control plane's read routes for the dashboard: an overview, a ticket search, one ticket. */

const Count = Type.Integer({ minimum: 0 })

export const Overview = Type.Object({
  version: Type.String(),
  uptime_ms: Type.Integer(),
  auth_mode: StringEnum(AUTH_MODES),
  clock: ClockView,
  tickets: Type.Object({
    total: Count,
    by_status: Type.Record(Type.String(), Count, { description: 'every workflow status, with 0 when none has it' })
  }),
  requests: Type.Object({
    window_ms: Type.Integer({ description: 'the recent span the rates cover: the last minute, or the uptime when shorter' }),
    count: Count,
    errors: Type.Integer({ minimum: 0, description: 'answered 400 or more, or dropped by a fault' }),
    per_second: Type.Number(),
    error_rate: Type.Number({ minimum: 0, maximum: 1 }),
    journaled: Type.Integer({ description: 'requests the journal holds' }),
    capacity: Count
  }),
  faults: Count
})
export type Overview = Static<typeof Overview>

const Text = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS, description }))

export const TicketSearchQuery = Type.Object({
  status: Type.Optional(StringEnum(Object.values(STATUS))),
  level: Text('incident_level, exactly'),
  category: Text('incident_type, exactly'),
  source: Text('incident_source, exactly'),
  assignee: Text('one of incident_assignee, exactly'),
  title: Text('part of incident_title, case-insensitive for ASCII'),
  domain_id: Text('owning domain; default: every domain'),
  sort: Type.Optional(StringEnum(['create_time', 'update_time', 'ticket_id', 'level_id', 'title'], { description: 'default: create_time' })),
  order: Type.Optional(StringEnum(['asc', 'desc'], { description: 'default: desc' })),
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 })
})
export type TicketSearchQuery = Static<typeof TicketSearchQuery>

const TimelineEntry = Type.Object({
  id: Type.String(),
  action: Type.String({ description: 'the v2 action, or create' }),
  step: Type.String(),
  name_en: Type.String(),
  name_zh: Type.String(),
  operator: Type.String(),
  operator_name: Type.String({ description: 'the fixture user\'s name, or the id when unknown' }),
  status: Type.String({ description: 'status after the step' }),
  comment: Type.String(),
  start_time: Type.Integer(),
  stop_time: Type.Integer()
})

const AllowedAction = Type.Object({
  action: Type.String({ description: 'the v2 action for POST /v2/incidents/{id}/actions' }),
  v1_key: Type.Union([Type.String(), Type.Null()], { description: 'the v1 operate_key, when v1 has the step' }),
  name_en: Type.String(),
  name_zh: Type.String(),
  params: Type.Unknown({ description: 'JSON schema of the step\'s params, the one the COC routes check them against' })
})

const TicketTask = Type.Object({ task_id: Type.String(), key: Type.String(), name: Type.String() })

export const ActionBodyAdmin = Type.Object({
  action: Type.String({ minLength: 1, maxLength: 100, description: 'a v2 action allowed now' }),
  task_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the task read; refused when the ticket moved on' })),
  operator: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS, description: 'default: the first assignee, else the creator' })),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'the step\'s parameters, as v2 params' }))
})
export type ActionBodyAdmin = Static<typeof ActionBodyAdmin>

export const TicketPage = Type.Object({
  ticket: AdminTicketView,
  workflow: Type.Omit(WorkflowFields, ['synthetic_history']),
  history: Type.Array(TimelineEntry, { description: 'oldest first' }),
  task: Type.Union([TicketTask, Type.Null()], { description: 'the current task; null once the ticket can no longer move' }),
  actions: Type.Array(AllowedAction, { description: 'the steps allowed now' })
})
export type TicketPage = Static<typeof TicketPage>
