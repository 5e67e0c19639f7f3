import type { ApplicationService } from '../application/service.js'
import type { Fixtures } from '../fixtures.js'
import { DEFAULT_DOMAIN_ID } from '../fixtures.js'
import type { IncidentRecord } from '../schemas/incident.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { createGenerator, generateTickets } from './generate.js'
import { seedWarRooms } from '../warroom/seed.js'
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


/**
 * Fills an empty store with the fixture tickets and `tickets` synthetic ones, in one
 * transaction. A database that was seeded before (a `--db` file) is left untouched.
 */
export function seedStore (store: IncidentStore, fixtures: Fixtures, options: SeedOptions): SeedResult {
  const started = performance.now()
  if (store.getMeta('seeded_at') !== undefined) {
    return { seeded: false, inserted: 0, total: store.count(), ms: performance.now() - started }
  }
  const inserted = store.transaction(() => {
    const fixtureTickets = fixtures.tickets.map((ticket): IncidentRecord => ({
      ...ticket,
      domain_id: ticket.domain_id ?? DEFAULT_DOMAIN_ID
    }))
    const generate = createGenerator(options.seed, fixtures, DEFAULT_DOMAIN_ID)
    const n = store.insertMany(fixtureTickets) + store.insertMany(generateTickets(generate, options.tickets))
    // The rest of the incident family: the tickets' war rooms, and the seed's alarms.
    seedWarRooms(store.database)
    seedAlarms(store.database, options.seed, fixtures)
    store.setMeta('seed', String(options.seed))
    store.setMeta('tickets', String(options.tickets))
    store.setMeta('seeded_at', new Date().toISOString())
    return n
  })
  store.buildIndexes()
  return { seeded: true, inserted, total: store.count(), ms: performance.now() - started }
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
