import { Type, type Static } from '@sinclair/typebox'
import { Envelope, EpochMs, NO_CONTROL_CHARACTERS, StringEnum } from './common.js'

// Limits from the SDK's CreateWarRoomRequestBody and ListTenantWarRoomRequestBody (COC's API
// pages "Creating a War Room" and "Querying War Rooms").
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength })
const Texts = (maxItems: number, item = Text(255)) => Type.Array(item, { maxItems })

const NOTIFICATION_TYPES = ['WECHAT', 'DING_TALK', 'LARK', 'NULL_GROUP'] as const

const ScheduleGroup = Type.Object({
  role_id: Text(255, 1),
  scene_id: Text(255, 1)
}, { $id: 'ScheduleGroupInfo' })

/** CreateWarRoomRequestBody. Explicit nulls count as absent. */
export const CreateWarRoomBody = Type.Object({
  war_room_name: Text(255, 1),
  description: Type.Optional(Text(1000)),
  region_code_list: Type.Optional(Texts(1000)),
  application_id_list: Type.Array(Text(255), { minItems: 1, maxItems: 1000 }),
  incident_number: Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL_CHARACTERS }),
  schedule_group: Type.Array(ScheduleGroup, { minItems: 1, maxItems: 1000 }),
  participant: Type.Optional(Texts(1000)),
  war_room_admin: Text(255, 1),
  application_names: Type.Optional(Texts(1000)),
  region_names: Type.Optional(Texts(1000)),
  enterprise_project_id: Text(64, 1),
  notification_type: Type.Optional(StringEnum(NOTIFICATION_TYPES)),
  // NotificationMode has no fields in the SDK: the modes are kept as sent.
  notification_modes: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 100 }))
}, { $id: 'CreateWarRoomRequestBody' })
export type CreateWarRoomBody = Static<typeof CreateWarRoomBody>

export const CreateWarRoomResponse = Envelope(Type.String({ description: 'the war room number (war_room_num)' }))

/**
 * int64 time bounds. JSON numbers past 2^53 lose precision when parsed (9223372036854775807,
 * the provider's "no bound", reads as 2^63), but every stored time is far below 2^53, so the
 * comparisons stay exact (docs/contract-notes.md).
 */
const Int64Time = Type.Integer({ minimum: 0, maximum: 9223372036854775807, description: 'epoch ms, int64' })

/** ListTenantWarRoomRequestBody. */
export const ListWarRoomsBody = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  current_users: Type.Optional(Texts(100)),
  war_room_nums: Type.Optional(Texts(100)),
  incident_num: Type.Optional(Text(255)),
  title: Type.Optional(Text(255)),
  region_code_list: Type.Optional(Texts(100)),
  incident_levels: Type.Optional(Texts(100)),
  impacted_application_ids: Type.Optional(Texts(100)),
  admin: Type.Optional(Texts(100)),
  status: Type.Optional(Texts(100)),
  triggered_start_time: Type.Optional(Int64Time),
  triggered_end_time: Type.Optional(Int64Time),
  occur_start_time: Type.Optional(Int64Time),
  occur_end_time: Type.Optional(Int64Time),
  recover_start_time: Type.Optional(Int64Time),
  recover_end_time: Type.Optional(Int64Time),
  notification_level: Type.Optional(Texts(100)),
  enterprise_project_ids: Type.Optional(Texts(100)),
  war_room_num: Type.Optional(Text(255)),
  statistic_flag: Type.Optional(Type.Boolean())
}, { $id: 'ListTenantWarRoomRequestBody' })
export type ListWarRoomsBody = Static<typeof ListWarRoomsBody>

const WarRoomEnumeration = Type.Object({
  id: Type.String(),
  name_zh: Type.String(),
  name_en: Type.String(),
  type: Type.String()
}, { $id: 'WarRoomEnumeration' })

const WarRoomIncident = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  alarm_id: Type.String(),
  is_change_event: Type.Boolean(),
  source_id: Type.Integer(),
  failure_level: Type.String(),
  incident_url: Type.String()
}, { $id: 'WarRoomIncident' })

// `name` is sent only when the create gave names: Terraform reads `regions[*].name` back.
const Region = Type.Object({ code: Type.String(), name: Type.Optional(Type.String()) })
const Application = Type.Object({ id: Type.String(), name: Type.Optional(Type.String()) })

/** WarRoomTenantInfo; times in epoch ms, durations in ms. */
export const WarRoomInfo = Type.Object({
  id: Type.String(),
  title: Type.String(),
  admin: Type.String(),
  recover_member: Type.Array(Type.String()),
  recover_leader: Type.Array(Type.String()),
  incident: WarRoomIncident,
  source: Type.String(),
  regions: Type.Array(Region),
  change_num: Type.String(),
  occur_time: EpochMs(),
  recover_time: Type.Optional(EpochMs()),
  fault_cause: Type.String(),
  create_time: EpochMs(),
  first_report_time: EpochMs(),
  recovery_notification_time: Type.Optional(EpochMs()),
  fault_impact: Type.String(),
  description: Type.String(),
  circular_level: Type.String(),
  war_room_status: WarRoomEnumeration,
  impacted_application: Type.Array(Application),
  processing_duration: Type.Integer({ minimum: 0 }),
  restoration_duration: Type.Optional(Type.Integer({ minimum: 0 })),
  war_room_num: Type.String(),
  enterprise_project_id: Type.String()
}, { $id: 'WarRoomTenantInfo' })
export type WarRoomInfo = Static<typeof WarRoomInfo>

export const ListWarRoomsResponse = Envelope(Type.Object({
  list: Type.Array(WarRoomInfo),
  total: Type.Integer({ minimum: 0 }),
  running_num: Type.Integer({ minimum: 0 }),
  closed_num: Type.Integer({ minimum: 0 }),
  total_num: Type.Integer({ minimum: 0 })
}))

/** A war room as the control plane shows it: WarRoomTenantInfo, its ticket and its owning domain. */
export const AdminWarRoomView = Type.Composite([WarRoomInfo, Type.Object({ incident_num: Type.String(), domain_id: Type.String() })])
export type AdminWarRoomView = Static<typeof AdminWarRoomView>

export const WarRoomsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 }))
})
export type WarRoomsQuery = Static<typeof WarRoomsQuery>

export const WarRoomsResult = Type.Object({ warrooms: Type.Array(AdminWarRoomView), total: Type.Integer({ minimum: 0 }) })
export type WarRoomsResult = Static<typeof WarRoomsResult>
