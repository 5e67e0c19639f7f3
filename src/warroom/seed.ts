import type Database from 'better-sqlite3'
import { STATUS } from '../vocab.js'
import { openWarRoomStore, type TicketWithWarRoom, type WarRoomRecord } from '../stores/warroom-store.js'
import { hexId } from './view.js'

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const BATCH = 1000

/** The instant a war room number (`WR` + UTC+8 yyyyMMddHHmmss + 10 digits) was written at. */
export function warRoomTime (warRoomNum: string): number | undefined {
  const match = /^WR(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{10}$/.exec(warRoomNum)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS
}

function fromTicket (ticket: TicketWithWarRoom): WarRoomRecord {
  const region = (JSON.parse(ticket.region) as string[]).filter(code => code !== '')
  const assignees = (JSON.parse(ticket.incident_assignee) as string[]).filter(id => id !== '')
  const projects = JSON.parse(ticket.enterprise_project) as string[]
  // The number's own time, never before the ticket (the seed document's numbers keep to that).
  const createTime = Math.max(warRoomTime(ticket.warroom_id) ?? ticket.create_time, ticket.create_time)
  const closed = ticket.status === STATUS.completed
  return {
    war_room_num: ticket.warroom_id,
    id: hexId(ticket.warroom_id),
    domain_id: ticket.domain_id,
    incident_num: ticket.incident_num,
    title: ticket.incident_title,
    admin: ticket.creator,
    description: '',
    region_codes: region,
    region_names: null,
    application_ids: JSON.parse(ticket.current_cloud_service) as string[],
    application_names: null,
    participant: assignees,
    schedule_group: [{ role_id: ticket.assignee_role || 'role_primary', scene_id: ticket.assignee_scene || 'scene_sre_on_call' }],
    enterprise_project_id: projects[0] ?? '0',
    notification_type: null,
    notification_modes: null,
    status: closed ? 'closed' : 'running',
    create_time: createTime,
    close_time: closed ? Math.max(ticket.handle_time ?? createTime, createTime) : null
  }
}

/**
 * Gives every ticket that names a war room (seeded, fixture) the matching war room, in
 * batches so that a million tickets never sit in memory at once. Deterministic: it reads only
 * the tickets. A number two tickets share is given to the first. Seeding starts from no war
 * rooms, as the tickets start from none (a store cleared and seeded again).
 */
export function seedWarRooms (db: Database.Database): number {
  const store = openWarRoomStore(db)
  store.clear()
  let after = 0
  let inserted = 0
  for (;;) {
    const tickets = store.ticketsWithWarRoom(after, BATCH)
    if (tickets.length === 0) return inserted
    for (const ticket of tickets) {
      if (store.insertIfNew(fromTicket(ticket))) inserted++
    }
    after = tickets.at(-1)!.id
  }
}
