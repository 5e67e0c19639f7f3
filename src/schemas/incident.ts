import { Type, type Static } from '@sinclair/typebox'
import { Envelope, EpochMs, Nullable, NO_CONTROL_CHARACTERS, StringEnum } from './common.js'

// Limits from COC's API page "Querying Incident Ticket Details" (Tables 1 to 4).
const Text255 = Type.String({ maxLength: 255 })
const Text255Array = Type.Array(Text255, { maxItems: 1 })

export const IncidentNum = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: NO_CONTROL_CHARACTERS,
  description: 'Incident ticket ID, e.g. IM202403181322030178042608'
})

export const IncidentNumParams = Type.Object({ incident_num: IncidentNum })
export type IncidentNumParams = Static<typeof IncidentNumParams>

// `filed_key` (sic) is COC's spelling; the SDK model requires all four members.
export const EnumDataItem = Type.Object({
  filed_key: Text255,
  enum_key: Text255,
  name_zh: Text255,
  name_en: Text255
}, { $id: 'TicketInfoEnumData' })
export type EnumDataItem = Static<typeof EnumDataItem>

/**
 * IncidentTicketInfoResponseData, keys in the order of the document's example. Where the
 * tables and the example disagree the example wins (docs/contract-notes.md): `create_time`
 * is in milliseconds and `handle_time` is null until a solution is submitted. The fault
 * times and `incident_ownership` are sent only when the ticket has them.
 */
export const IncidentDetail = Type.Object({
  incident_num: Text255,
  region: Text255Array,
  enterprise_project: Text255Array,
  current_cloud_service: Text255Array,
  incident_level: Text255,
  is_service_interrupt: Type.Boolean(),
  start_time: Type.Optional(EpochMs({ description: 'fault start, epoch ms' })),
  fault_recovery_time: Type.Optional(EpochMs({ description: 'fault recovery, epoch ms' })),
  fault_delineation_time: Type.Optional(EpochMs({ description: 'fault delineation, epoch ms' })),
  incident_ownership: Type.Optional(Text255),
  incident_type: Text255,
  incident_title: Type.String({ maxLength: 200 }),
  incident_description: Type.String({ maxLength: 600 }),
  incident_source: Text255,
  incident_assignee: Text255Array,
  assignee_scene: Text255,
  assignee_role: Text255,
  warroom_id: Text255,
  handle_time: Nullable(EpochMs({ minimum: 1, description: 'latest solution submission, epoch ms' })),
  status: Text255,
  create_time: EpochMs({ description: 'ticket creation, epoch ms' }),
  creator: Text255,
  enum_data_list: Type.Array(EnumDataItem)
}, { $id: 'IncidentTicketInfoResponseData' })
export type IncidentDetail = Static<typeof IncidentDetail>

export const IncidentDetailResponse = Envelope(IncidentDetail)

/** What is pending inside a status: an approval, or a pause in force. */
const PHASES = ['', 'pause_pending', 'paused', 'level_pending'] as const
export type Phase = typeof PHASES[number]

/** The workflow state kept beside the detail fields; the store fills it in when absent. */
export const WorkflowFields = Type.Object({
  phase: StringEnum(PHASES),
  pending_level: Nullable(Type.String()),
  update_time: EpochMs(),
  operator: Type.String(),
  synthetic_history: Type.Boolean({ description: 'the history is derived from the seeded state, not stored' })
})
export type WorkflowFields = Static<typeof WorkflowFields>

/** A stored ticket: the detail fields, the owning domain, an optional verbatim enum list and its workflow state. */
export const IncidentRecord = Type.Composite([
  Type.Omit(IncidentDetail, ['enum_data_list']),
  Type.Object({
    domain_id: Type.String({ minLength: 1 }),
    enum_data_list: Type.Optional(Type.Array(EnumDataItem)),
    workflow: Type.Optional(WorkflowFields)
  })
])
export type IncidentRecord = Static<typeof IncidentRecord>


/** A hand-written fixture ticket: a record whose domain defaults to the default domain. */
export const FixtureTicket = Type.Composite([
  Type.Omit(IncidentRecord, ['domain_id']),
  Type.Object({ domain_id: Type.Optional(Type.String({ minLength: 1 })) })
])
export type FixtureTicket = Static<typeof FixtureTicket>
