import type { AdminWarRoomView } from '../schemas/warroom.js'
import type { AlarmStore } from '../stores/alarm-store.js'
import type { IncidentStore } from '../stores/incident-store.js'
import type { WarRoomStore } from '../stores/warroom-store.js'
import { warRoomInfo } from '../warroom/view.js'

interface WarRoomsPage {
  warrooms: AdminWarRoomView[]
  total: number
}

/**
 * A page of war rooms of every domain (or one), newest first, each as ListWarRooms shows it to
 * its own domain, with its ticket's number and its domain.
 */
export function listWarRooms (
  stores: { warrooms: WarRoomStore, incidents: IncidentStore, alarms: AlarmStore },
  query: { page: number, limit: number, domain_id?: string | undefined },
  now: number
): WarRoomsPage {
  const { records, total } = stores.warrooms.page(query.domain_id, (query.page - 1) * query.limit, query.limit)
  const tickets = new Map(stores.incidents.recordsOf(query.domain_id, records.map(room => room.incident_num))
    .map(record => [record.incident_num, record]))
  return {
    warrooms: records.map(room => ({
      ...warRoomInfo(room, tickets.get(room.incident_num), stores.alarms.linkedTo(room.incident_num), now),
      incident_num: room.incident_num,
      domain_id: room.domain_id
    })),
    total
  }
}
