import { CocError } from '../errors.js'
import type { Principal } from '../fixtures.js'
import type { IncidentService } from '../incident/service.js'
import { SUFFIX_SPACE, warroomId } from '../incident/numbers.js'
import type { IncidentRecord } from '../schemas/incident.js'
import type { CreateWarRoomBody, ListWarRoomsBody, WarRoomInfo } from '../schemas/warroom.js'
import type { IncidentStore } from '../stores/incident-store.js'
import type { WarRoomRecord, WarRoomStore } from '../stores/warroom-store.js'
import { STATUS } from '../vocab.js'
import { hexId, timesOf, warRoomInfo, WARROOM_STATUSES } from './view.js'

interface WarRoomPage {
  list: WarRoomInfo[]
  total: number
  running_num: number
  closed_num: number
  total_num: number
}

export interface WarRoomService {
  /** Creates the incident's war room and answers its number. */
  create (principal: Principal, body: CreateWarRoomBody): string
  list (principal: Principal, body: ListWarRoomsBody): WarRoomPage
  /** The incident service's hook: a completed incident closes its war room. */
  incidentStatusChanged (record: IncidentRecord, previousStatus: string, time: number): void
}

// War room suffixes: (n * MULTIPLIER + OFFSET) mod 10^10 of a sequence n, as created tickets'.
const MULTIPLIER = 7_654_321
const OFFSET = 7_654_321
/** Without a triggered time range, the list covers the last 30 days (COC's default). */
export const DEFAULT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000

interface WarRoomDeps {
  warrooms: WarRoomStore
  incidents: IncidentStore
  service: IncidentService
  /** The alarms linked to an incident (shown as the war room's `incident.alarm_id`). */
  alarmsOf: (incidentNum: string) => string[]
  now: () => number
}

const within = (value: number | undefined, from: number | undefined, to: number | undefined): boolean =>
  (from === undefined && to === undefined) || (value !== undefined && (from === undefined || value >= from) && (to === undefined || value <= to))

const meets = (wanted: readonly string[] | undefined, have: readonly string[]): boolean =>
  wanted === undefined || wanted.length === 0 || wanted.some(value => have.includes(value))

function checkNames (ids: readonly string[], names: readonly string[] | undefined, idField: string, nameField: string): void {
  if (names !== undefined && names.length !== ids.length) {
    throw new CocError('validation', `${nameField}: must have one name for each of ${idField} (${ids.length}), got ${names.length}`)
  }
}

export function createWarRoomService (deps: WarRoomDeps): WarRoomService {
  const { warrooms, incidents, now } = deps

  const allocate = (time: number): string => {
    let num: string
    do {
      const n = incidents.nextSequence('warroom')
      num = warroomId(time, (n * MULTIPLIER + OFFSET) % SUFFIX_SPACE)
    } while (warrooms.get(num) !== undefined)
    return num
  }

  return {
    create (principal, body) {
      const regionCodes = body.region_code_list ?? []
      checkNames(body.application_id_list, body.application_names, 'application_id_list', 'application_names')
      checkNames(regionCodes, body.region_names, 'region_code_list', 'region_names')
      const incidentNum = body.incident_number
      const time = now()
      return incidents.transaction(() => {
        const incident = incidents.get(principal.domainId, incidentNum)
        if (incident === undefined) throw new CocError('notFound', `incident_number: no incident ticket [${incidentNum}] exists`)
        const existing = warrooms.byIncident(incidentNum)?.war_room_num ?? (incident.warroom_id === '' ? undefined : incident.warroom_id)
        if (existing !== undefined) {
          throw new CocError('notAllowed', `incident_number: incident [${incidentNum}] has a war room already [${existing}]; one war room per incident`)
        }
        if (incident.status === STATUS.completed) {
          throw new CocError('notAllowed', `incident_number: incident [${incidentNum}] is completed; a war room is opened for an incident still in progress`)
        }
        const num = allocate(time)
        warrooms.insert({
          war_room_num: num,
          id: hexId(num),
          domain_id: principal.domainId,
          incident_num: incidentNum,
          title: body.war_room_name,
          admin: body.war_room_admin,
          description: body.description ?? '',
          region_codes: regionCodes,
          region_names: body.region_names ?? null,
          application_ids: body.application_id_list,
          application_names: body.application_names ?? null,
          participant: body.participant ?? [],
          schedule_group: body.schedule_group,
          enterprise_project_id: body.enterprise_project_id,
          notification_type: body.notification_type ?? null,
          notification_modes: body.notification_modes ?? null,
          status: 'running',
          create_time: time,
          close_time: null
        })
        deps.service.linkWarRoom(principal, incidentNum, num, principal.userId, time)
        return num
      })
    },

    list (principal, body) {
      const domainId = principal.domainId
      // war_room_nums, when given, is the whole query (the SDK model's description).
      const byNums = body.war_room_nums !== undefined && body.war_room_nums.length > 0
      const rooms = warrooms.inDomain(domainId, byNums ? body.war_room_nums : undefined)
      const records = new Map(incidents.recordsOf(domainId, [...new Set(rooms.map(room => room.incident_num))]).map(record => [record.incident_num, record]))
      const time = now()
      const named = body.war_room_num !== undefined || body.incident_num !== undefined
      let from = body.triggered_start_time
      const to = body.triggered_end_time
      if (from === undefined && to === undefined && !named) from = time - DEFAULT_WINDOW_MS
      const title = body.title?.toLowerCase()
      const keep = (room: WarRoomRecord): boolean => {
        if (byNums) return true
        const incident = records.get(room.incident_num)
        const times = timesOf(room, incident)
        const level = incident?.incident_level ?? ''
        return (body.war_room_num === undefined || room.war_room_num === body.war_room_num) &&
          (body.incident_num === undefined || room.incident_num === body.incident_num) &&
          (title === undefined || room.title.toLowerCase().includes(title)) &&
          meets(body.current_users, [room.admin, ...room.participant]) &&
          meets(body.region_code_list, room.region_codes) &&
          meets(body.incident_levels, [level]) &&
          meets(body.notification_level, [level]) &&
          meets(body.impacted_application_ids, room.application_ids) &&
          meets(body.admin, [room.admin]) &&
          meets(body.status, [WARROOM_STATUSES[room.status].id]) &&
          meets(body.enterprise_project_ids, [room.enterprise_project_id]) &&
          within(room.create_time, from, to) &&
          within(times.occur, body.occur_start_time, body.occur_end_time) &&
          within(times.recover, body.recover_start_time, body.recover_end_time)
      }
      const matching = rooms.filter(keep)
      const running = matching.filter(room => room.status === 'running').length
      // No limit, no rows: the provider sends limit and offset because COC answers an empty list without them.
      const offset = body.offset ?? 0
      const page = matching.slice(offset, offset + (body.limit ?? 0))
      return {
        list: page.map(room => warRoomInfo(room, records.get(room.incident_num), deps.alarmsOf(room.incident_num), time)),
        total: matching.length,
        running_num: running,
        closed_num: matching.length - running,
        total_num: warrooms.countInDomain(domainId)
      }
    },

    incidentStatusChanged (record, _previousStatus, time) {
      if (record.status !== STATUS.completed) return
      const room = warrooms.byIncident(record.incident_num)
      if (room !== undefined) warrooms.close(room.war_room_num, time)
    }
  }
}
