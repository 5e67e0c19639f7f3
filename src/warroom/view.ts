import { createHash } from 'node:crypto'
import type { IncidentRecord } from '../schemas/incident.js'
import type { WarRoomInfo } from '../schemas/warroom.js'
import type { WarRoomRecord } from '../stores/warroom-store.js'
import { INCIDENT_SOURCES } from '../vocab.js'

/** The war room statuses (WarRoomEnumeration); the ids are what the list's `status` filter takes. */
export const WARROOM_STATUSES = {
  running: { id: 'WAR_ROOM_RUNNING', name_zh: '作战中', name_en: 'Running', type: 'WAR_ROOM_STATUS' },
  closed: { id: 'WAR_ROOM_CLOSED', name_zh: '已关闭', name_en: 'Closed', type: 'WAR_ROOM_STATUS' }
} as const

/** A stable 32-hex id derived from a number: the same war room or ticket always gets the same id. */
export function hexId (value: string): string {
  return createHash('md5').update(value).digest('hex')
}

/** The numeric source id of an incident source key (1-based, in the vocabulary's order). */
function sourceId (source: string): number {
  return INCIDENT_SOURCES.findIndex(entry => entry.key === source) + 1
}

/** The times a war room's filters and fields read, from the war room and its incident. */
interface WarRoomTimes {
  occur: number
  recover: number | undefined
}

export function timesOf (room: WarRoomRecord, incident: IncidentRecord | undefined): WarRoomTimes {
  return {
    occur: incident?.start_time ?? incident?.create_time ?? room.create_time,
    recover: incident?.fault_recovery_time ?? room.close_time ?? undefined
  }
}

/**
 * WarRoomTenantInfo. Names are sent only when the create gave them, so that a client reading
 * `regions[*].name` back finds what it sent (docs/contract-notes.md, "War rooms").
 */
export function warRoomInfo (room: WarRoomRecord, incident: IncidentRecord | undefined, alarmIds: readonly string[], now: number): WarRoomInfo {
  const times = timesOf(room, incident)
  const level = incident?.incident_level ?? ''
  const info: WarRoomInfo = {
    id: room.id,
    title: room.title,
    admin: room.admin,
    recover_member: room.participant,
    recover_leader: [room.admin],
    incident: {
      id: hexId(room.incident_num),
      incident_id: room.incident_num,
      alarm_id: alarmIds.join(','),
      is_change_event: false,
      source_id: incident === undefined ? 0 : sourceId(incident.incident_source),
      failure_level: level,
      incident_url: `/v1/external/incident/${encodeURIComponent(room.incident_num)}`
    },
    source: incident?.incident_source ?? '',
    regions: room.region_codes.map((code, i) => room.region_names === null ? { code } : { code, name: room.region_names[i]! }),
    change_num: '',
    occur_time: times.occur,
    fault_cause: '',
    create_time: room.create_time,
    first_report_time: room.create_time,
    fault_impact: '',
    description: room.description,
    circular_level: level,
    war_room_status: WARROOM_STATUSES[room.status],
    impacted_application: room.application_ids.map((id, i) => room.application_names === null ? { id } : { id, name: room.application_names[i]! }),
    processing_duration: Math.max(0, (room.close_time ?? now) - room.create_time),
    war_room_num: room.war_room_num,
    enterprise_project_id: room.enterprise_project_id
  }
  if (times.recover !== undefined) {
    info.recover_time = times.recover
    info.restoration_duration = Math.max(0, times.recover - times.occur)
  }
  if (room.close_time !== null) info.recovery_notification_time = room.close_time
  return info
}
