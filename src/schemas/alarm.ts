import { Type, type Static } from '@sinclair/typebox'
import { INCIDENT_LEVELS, INCIDENT_TYPES } from '../vocab.js'
import { Envelope, EpochMs, NO_CONTROL_CHARACTERS, Nullable, StringEnum } from './common.js'

// Field names from the SDK's AlarmInfoDTO, AlarmHandleHistory, AutoHandlerAlarmRequestBody,
// ClearAlarmRequestBody and AlarmToIncidentRequestBody (COC's alarm management API pages).
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength })

/** What the emulator's alarms go through: raised, being handled, linked to an incident, cleared. */
const ALARM_STATUSES = ['UNHANDLED', 'HANDLING', 'HANDLED', 'CLEARED'] as const
export const ALARM_IMPORTANCE = ['Critical', 'Major', 'Minor', 'Info'] as const

const AlarmId = Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS, description: 'alarm id, e.g. AL202403181330000000000001' })
export const AlarmIdParams = Type.Object({ alarm_id: AlarmId })

/** AlarmInfoDTO: every field is always sent. */
// Stored and inserted alarms keep COC's common 255-character text limit (1000 for remarks).
const Field = Text(255)
export const AlarmInfo = Type.Object({
  id: Field,
  name: Field,
  importance: Field,
  come_from: Field,
  come_from_en: Field,
  transfer_rule: Field,
  transfer_rule_name: Field,
  app: Field,
  status: Field,
  owner: Field,
  owner_name: Field,
  owner_alias: Field,
  converge_count: Type.Integer({ minimum: 0 }),
  associate_event_id: Type.String({ maxLength: 255, description: 'the incident the alarm was linked to, or empty' }),
  domain_id: Field,
  creator: Field,
  creator_name: Field,
  create_time: EpochMs(),
  update_time: EpochMs(),
  remarks: Text(1000),
  region: Field,
  task_type: Field,
  associated_task_type: Field,
  associated_task_id: Field,
  associated_task_name: Field
}, { $id: 'AlarmInfoDTO' })
export type AlarmInfo = Static<typeof AlarmInfo>

const SubTaskInfo = Type.Object({
  sub_task_type: Type.Optional(Text(255)),
  sub_associated_task_id: Type.Optional(Text(255)),
  sub_associated_task_name: Type.Optional(Text(255)),
  sub_associated_task_type: Type.Optional(Text(255))
}, { $id: 'SubTaskInfoDTO' })

export const AlarmHandleHistory = Type.Object({
  work_order_id: Type.String(),
  create_name: Type.String(),
  create_alias: Type.String(),
  task_type: Type.String(),
  start_time: EpochMs(),
  end_time: EpochMs(),
  duration: Type.Integer({ minimum: 0 }),
  status: Type.String(),
  associated_task_id: Type.String(),
  associated_task_name: Type.String(),
  sub_task_info: Type.Optional(SubTaskInfo)
}, { $id: 'AlarmHandleHistory' })
export type AlarmHandleHistory = Static<typeof AlarmHandleHistory>

export const ShowAlarmResponse = Envelope(AlarmInfo)

export const HandleHistoriesQuery = Type.Object({
  offset: Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 })
})

/** ListAlarmHandleHistoriesResponse: the model puts the page beside the envelope's codes, not in `data`. */
export const HandleHistoriesResponse = Type.Object({
  provider_code: Type.String(),
  error_code: Type.String(),
  error_msg: Nullable(Type.String()),
  count: Type.Integer({ minimum: 0 }),
  alarm_handle_histories: Type.Array(AlarmHandleHistory)
})

const AlarmScheduleInstance = Type.Object({}, { additionalProperties: true })

/** AutoHandlerAlarmRequestBody. */
export const AutoProcessBody = Type.Object({
  task_type: Text(64, 1),
  associated_task_id: Text(255, 1),
  associated_task_type: Text(64, 1),
  associated_task_name: Text(255, 1),
  associated_task_enterprise_project_id: Type.Optional(Text(64)),
  runbook_instance_mode: Type.Optional(Text(64)),
  input_param: Type.Record(Type.String(), Text(4096)),
  target_instances: Type.Optional(Type.Array(AlarmScheduleInstance, { maxItems: 1000 })),
  region_id: Type.Optional(Text(64)),
  sub_task_info: Type.Optional(SubTaskInfo)
}, { $id: 'AutoHandlerAlarmRequestBody' })
export type AutoProcessBody = Static<typeof AutoProcessBody>

export const AutoProcessResponse = Envelope(Type.Object({ alarm_id: Type.String(), work_order_id: Type.String() }))

/** A comma-separated list of alarm ids, as every alarm body sends them. */
const AlarmIds = Type.String({ minLength: 1, maxLength: 10_000, pattern: NO_CONTROL_CHARACTERS, description: 'comma-separated alarm ids' })

/** ClearAlarmRequestBody. */
export const ClearAlarmBody = Type.Object({
  alarm_ids: AlarmIds,
  remarks: Type.Optional(Text(1000)),
  is_service_interrupt: Type.Optional(Type.Boolean()),
  start_time: Type.Optional(EpochMs()),
  fault_recovery_time: Type.Optional(EpochMs())
}, { $id: 'ClearAlarmRequestBody' })
export type ClearAlarmBody = Static<typeof ClearAlarmBody>

export const AlarmIdsResponse = Envelope(Type.Array(Type.String()))

/** AlarmToIncidentRequestBody; the incident create's limits apply to the fields it becomes. */
export const AlarmToIncidentBody = Type.Object({
  alarm_ids: AlarmIds,
  current_cloud_service_id: Text(255, 1),
  description: Text(600),
  is_service_interrupt: Type.Boolean(),
  level_id: StringEnum(INCIDENT_LEVELS.map(l => l.key)),
  mtm_type: StringEnum(INCIDENT_TYPES.map(t => t.key)),
  title: Text(200, 1),
  enterprise_project_id: Type.Optional(Text(64)),
  assignee: Type.Optional(Text(255)),
  assignee_role: Type.Optional(Text(255)),
  assignee_scene: Type.Optional(Text(255)),
  attachment: Type.Optional(Text(4096)),
  is_change_event: Type.Optional(Type.Boolean()),
  mtm_region: Type.Optional(Text(255)),
  source_id: Type.Optional(Text(255))
}, { $id: 'AlarmToIncidentRequestBody' })
export type AlarmToIncidentBody = Static<typeof AlarmToIncidentBody>

/** An alarm for POST /__admin/alarms: `name` is required, the rest defaults. */
export const AdminAlarm = Type.Composite([
  Type.Partial(Type.Omit(AlarmInfo, ['name', 'id', 'domain_id', 'status', 'converge_count'])),
  Type.Object({
    id: Type.Optional(AlarmId),
    name: Text(255, 1),
    domain_id: Type.Optional(Text(255, 1)),
    status: Type.Optional(StringEnum(ALARM_STATUSES)),
    converge_count: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 }))
  })
])
export type AdminAlarm = Static<typeof AdminAlarm>

const MAX_INSERTED_ALARMS = 10_000

export const InsertAlarmsBody = Type.Object({
  alarms: Type.Array(AdminAlarm, { minItems: 1, maxItems: MAX_INSERTED_ALARMS })
})
export type InsertAlarmsBody = Static<typeof InsertAlarmsBody>

export const AlarmsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 }))
})

export const AlarmsResult = Type.Object({ alarms: Type.Array(AlarmInfo), total: Type.Integer({ minimum: 0 }) })
export const DeletedAlarm = Type.Object({ alarm_id: Type.String() })
