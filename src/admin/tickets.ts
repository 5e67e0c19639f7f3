import { CocError } from '../errors.js'
import { DEFAULT_DOMAIN_ID } from '../fixtures.js'
import { allocateIncidentNumber } from '../incident/service.js'
import { STEPS } from '../incident/workflow.js'
import { STATUS } from '../vocab.js'
import type { AdminTicket } from '../schemas/admin.js'
import type { IncidentRecord } from '../schemas/incident.js'
import type { HistoryEntry } from '../incident/record.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { openWarRoomStore } from '../stores/warroom-store.js'
import { warRoomsForTickets } from '../warroom/seed.js'

type NewHistory = Omit<HistoryEntry, 'id'>

function historyOf (ticket: AdminTicket, record: IncidentRecord): NewHistory[] {
  return (ticket.history ?? []).map(entry => ({
    incident_num: record.incident_num,
    action: entry.step === 'create' ? 'create' : STEPS.find(step => step.id === entry.step)!.v2,
    step: entry.step,
    operator: entry.operator ?? record.creator,
    comment: entry.comment ?? '',
    status: entry.status ?? record.status,
    target_type: '',
    target_value: '',
    start_time: entry.time ?? record.create_time,
    stop_time: entry.time ?? record.create_time
  }))
}

/**
 * Inserts tickets as given, in one transaction: all or none. A missing number is allocated
 * as a created ticket's would be; a given one must be new. A ticket that names a war room gets
 * it, as a seeded one does; the number must be free (one war room per incident). A war room
 * that a deleted ticket of the same number left goes.
 */
export function insertTickets (store: IncidentStore, tickets: readonly AdminTicket[], now: number): IncidentRecord[] {
  const warrooms = openWarRoomStore(store.database)
  return store.transaction(() => {
    const records: IncidentRecord[] = []
    const seen = new Set<string>()
    const rooms = new Map<string, string>()
    for (const [i, ticket] of tickets.entries()) {
      const { history: _history, incident_num: givenNum, status, domain_id: domainId, ...fields } = ticket
      const createTime = fields.create_time ?? now
      if (givenNum !== undefined && (seen.has(givenNum) || store.exists(givenNum))) {
        throw new CocError('conflict', `tickets[${i}].incident_num: a ticket [${givenNum}] exists already`)
      }
      const record: IncidentRecord = {
        region: [],
        enterprise_project: [],
        current_cloud_service: [],
        incident_description: '',
        incident_assignee: [],
        assignee_scene: '',
        assignee_role: '',
        warroom_id: '',
        handle_time: null,
        ...fields,
        incident_num: givenNum ?? allocateIncidentNumber(store, createTime),
        domain_id: domainId ?? DEFAULT_DOMAIN_ID,
        status: status ?? STATUS.triggered,
        create_time: createTime
      }
      seen.add(record.incident_num)
      // The number is new, so a war room under it is one a deleted ticket left: the new ticket's is its own.
      warrooms.removeByIncident(record.incident_num)
      if (record.warroom_id !== '') {
        const holder = rooms.get(record.warroom_id) ?? warrooms.get(record.warroom_id)?.incident_num
        if (holder !== undefined) {
          throw new CocError('conflict', `tickets[${i}].warroom_id: the war room [${record.warroom_id}] is ticket [${holder}]'s already; one war room per incident`)
        }
        rooms.set(record.warroom_id, record.incident_num)
      }
      const history = historyOf(ticket, record)
      const last = history.at(-1)
      // With a history given, it is the ticket's stored history; without, one is derived from the status.
      if (last !== undefined) {
        record.workflow = { phase: '', pending_level: null, update_time: last.stop_time, operator: last.operator, synthetic_history: false }
        store.addHistory(history)
      }
      records.push(record)
    }
    store.insertMany(records)
    if (rooms.size > 0) warRoomsForTickets(warrooms, [...rooms.values()])
    return records
  })
}
