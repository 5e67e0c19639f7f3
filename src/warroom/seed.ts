import type Database from 'better-sqlite3'
import { STATUS } from '../vocab.js'
import { openWarRoomStore, type WarRoomStore } from '../stores/warroom-store.js'
import { hexId } from './view.js'

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/** The instant a war room number (`WR` + UTC+8 yyyyMMddHHmmss + 10 digits) was written at. */
export function warRoomTime (warRoomNum: string): number | undefined {
  const match = /^WR(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{10}$/.exec(warRoomNum)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS
}

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
