import type Database from 'better-sqlite3'
import { STATUS } from '../vocab.js'
import { openWarRoomStore, type WarRoomStore } from '../stores/warroom-store.js'
import { warRoomTime } from '../incident/numbers.js'
import { hexId } from './view.js'

/**
 * Gives every ticket that names a war room (seeded, fixture) the matching war room, in one
 * statement: the tickets stay in SQLite, only their war room numbers pass through JavaScript (for the id and the instant). Deterministic: it reads
 * only the tickets. A number two tickets share is given to the first. Seeding starts from no
 * war rooms, as the tickets start from none (a store cleared and seeded again).
 */
export function seedWarRooms (db: Database.Database): number {
  const store = openWarRoomStore(db)
  store.clear()
  return store.seedFromTickets(DERIVATION)
}

const DERIVATION = { hexId, time: (num: string) => warRoomTime(num) ?? null, completed: STATUS.completed }

/**
 * Gives tickets inserted through the control plane or a scenario their war rooms, as seeding
 * does (closed for a completed ticket). The caller holds the transaction and has checked that
 * no war room has the numbers yet.
 */
export function warRoomsForTickets (store: WarRoomStore, incidentNums: readonly string[]): number {
  return store.seedFromTicketsOf(DERIVATION, incidentNums)
}
