import type { ApplicationService } from '../application/service.js'
import type { Fixtures } from '../fixtures.js'
import { DEFAULT_DOMAIN_ID } from '../fixtures.js'
import type { IncidentRecord } from '../schemas/incident.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { createGenerator, generateTickets } from './generate.js'
import { seedWarRooms, warRoomsForTickets } from '../warroom/seed.js'
import { openWarRoomStore } from '../stores/warroom-store.js'
import { seedAlarms } from '../alarm/seed.js'

export interface SeedOptions {
  seed: number
  tickets: number
}

interface SeedResult {
  /** False when the database already held a seeded state and was left as it was. */
  seeded: boolean
  inserted: number
  total: number
  ms: number
}


/** The synthetic tickets of a seeding, in order: a pure function of the seed. */
function syntheticTickets (fixtures: Fixtures, options: SeedOptions): Generator<IncidentRecord> {
  return generateTickets(createGenerator(options.seed, fixtures, DEFAULT_DOMAIN_ID), options.tickets)
}

/**
 * Stores the fixture tickets and the `synthetic` ones, the tickets' war rooms, the seed's alarms
 * and what was seeded; answers how many tickets. Call inside a transaction.
 */
function storeSeed (store: IncidentStore, fixtures: Fixtures, options: SeedOptions, synthetic: Iterable<IncidentRecord>): number {
  const fixtureTickets = fixtures.tickets.map((ticket): IncidentRecord => ({
    ...ticket,
    domain_id: ticket.domain_id ?? DEFAULT_DOMAIN_ID
  }))
  const n = store.insertMany(fixtureTickets) + store.insertMany(synthetic)
  // The rest of the incident family: the tickets' war rooms, and the seed's alarms.
  seedWarRooms(store.database)
  seedAlarms(store.database, options.seed, fixtures)
  store.setMeta('seed', String(options.seed))
  store.setMeta('tickets', String(options.tickets))
  return n
}

/** What seeding a database that was seeded before gives: nothing. */
function leftAsItWas (store: IncidentStore, started: number): SeedResult {
  return { seeded: false, inserted: 0, total: store.count(), ms: performance.now() - started }
}

/**
 * Fills an empty store with the fixture tickets and `tickets` synthetic ones, in one
 * transaction. A database that was seeded before (a `--db` file) is left untouched.
 */
export function seedStore (store: IncidentStore, fixtures: Fixtures, options: SeedOptions): SeedResult {
  const started = performance.now()
  if (store.getMeta('seeded_at') !== undefined) return leftAsItWas(store, started)
  const inserted = store.transaction(() => {
    const n = storeSeed(store, fixtures, options, syntheticTickets(fixtures, options))
    store.setMeta('seeded_at', new Date().toISOString())
    return n
  })
  store.buildIndexes()
  return { seeded: true, inserted, total: store.count(), ms: performance.now() - started }
}

/** A seeding that goes on after the emulator listens (seedInBackground). */
export interface BackgroundSeeding {
  /** The synthetic tickets stored so far, and how many there will be. */
  readonly inserted: number
  readonly total: number
  /** True once every ticket is in, or the seeding was stopped or failed. */
  readonly done: boolean
  /** True once every ticket is in. */
  readonly complete: boolean
  /** Why a chunk could not be stored (the seeding ends there), if one could not. */
  readonly error: Error | undefined
  /** Settles once every ticket is in, or once stopped. */
  readonly finished: Promise<SeedResult>
  /** Stops at the next chunk and lets go of a failure; settles when it has. */
  stop (): Promise<SeedResult>
}

/** Synthetic tickets stored per turn of the event loop: about 25 ms of work. */
export const BACKGROUND_CHUNK = 2_000

/**
 * Seeds an empty store as seedStore does, in two parts: the fixture tickets, the alarms and the
 * indexes at once, then the synthetic tickets in chunks, one per turn of the event loop, so that
 * the emulator answers while they go in (its health says so until they are all in). Each chunk is
 * one transaction with its tickets' war rooms; a ticket whose number was taken meanwhile (a create,
 * an inserted ticket) is left out, so that nothing acknowledged is overwritten. The tickets are the
 * ones seedStore would store, in the same order. A database seeded before is left untouched.
 */
export function seedInBackground (store: IncidentStore, fixtures: Fixtures, options: SeedOptions, chunk = BACKGROUND_CHUNK): BackgroundSeeding {
  const started = performance.now()
  if (store.getMeta('seeded_at') !== undefined) {
    const result = leftAsItWas(store, started)
    return { inserted: 0, total: 0, done: true, complete: true, error: undefined, finished: Promise.resolve(result), stop: async () => result }
  }
  const fromFixtures = store.transaction(() => storeSeed(store, fixtures, options, []))
  // Queries made meanwhile use the indexes; rows then go into indexed tables.
  store.buildIndexes()
  const warRooms = openWarRoomStore(store.database)
  const tickets = syntheticTickets(fixtures, options)
  let inserted = 0
  let stopped = false
  let done = false
  let complete = false
  let error: Error | undefined
  const insertChunk = (): boolean => {
    const records: IncidentRecord[] = []
    for (let next = tickets.next(); !next.done; next = tickets.next()) {
      records.push(next.value)
      if (records.length === chunk) break
    }
    if (records.length === 0) return false
    inserted += store.transaction(() => {
      const nums = store.insertNew(records)
      const kept = new Set(nums)
      warRoomsForTickets(warRooms, records.filter(record => record.warroom_id && kept.has(record.incident_num)).map(record => record.incident_num))
      return nums.length
    })
    return true
  }
  const finished = (async (): Promise<SeedResult> => {
    try {
      while (!stopped) {
        await new Promise(resolve => setImmediate(resolve))
        if (stopped || !insertChunk()) break
      }
      if (!stopped) {
        store.setMeta('seeded_at', new Date().toISOString())
        complete = true
      }
    } catch (err) {
      // A store closed under it, or one that fails: the seeding ends, and says why.
      error = err as Error
    }
    done = true
    return { seeded: true, inserted: fromFixtures + inserted, total: error === undefined ? store.count() : fromFixtures + inserted, ms: performance.now() - started }
  })()
  return {
    get inserted () { return inserted },
    total: options.tickets,
    get done () { return done },
    get complete () { return complete },
    get error () { return error },
    finished,
    stop: async () => {
      stopped = true
      const result = await finished
      // Stopped is let go: a failure is no longer this seeding's to report (a reset seeds anew).
      error = undefined
      return result
    }
  }
}

/** The meta key that marks a database whose applications were seeded (a `--db` file keeps them). */
const APPLICATIONS_SEEDED = 'applications_seeded_at'

/**
 * Seeds the application registry with the fixture applications, in the default domain under
 * their own ids, once per database: a `--db` file that has them (or had them deleted) is left.
 */
export function seedApplications (store: Pick<IncidentStore, 'getMeta' | 'setMeta'>, applications: Pick<ApplicationService, 'seed'>, fixtures: Pick<Fixtures, 'applications'>): boolean {
  if (store.getMeta(APPLICATIONS_SEEDED) !== undefined) return false
  applications.seed(fixtures.applications.values(), DEFAULT_DOMAIN_ID)
  store.setMeta(APPLICATIONS_SEEDED, new Date().toISOString())
  return true
}
