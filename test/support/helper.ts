import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadFixtures, type Fixtures } from '../../src/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js'
import type { IncidentRecord } from '../../src/schemas/incident.js'
import { openIncidentStore, type IncidentStore } from '../../src/stores/incident-store.js'
import { seedStore } from '../../seeds/seed.js'

interface Teardown { teardown (fn: () => unknown): void }

export const fixtures: Fixtures = loadFixtures(DEFAULT_FIXTURES_DIR)
export const EXAMPLE_NUM = 'IM202403181322030178042608'
export const TOKEN = { 'x-auth-token': 'dev-token' }

export interface Built {
  app: FastifyInstance
  store: IncidentStore
  logs: string[]
}

/** The emulator as the server builds it, on a fresh in-memory store, closed after the test. */
export async function build (t: Teardown, options: Partial<AppOptions> & { tickets?: number, seed?: number } = {}): Promise<Built> {
  const store = options.store ?? openIncidentStore(':memory:')
  const useFixtures = options.fixtures ?? fixtures
  const seeding = { seed: options.seed ?? 1, tickets: options.tickets ?? 50 }
  seedStore(store, useFixtures, seeding)
  const logs: string[] = []
  const stream = new Writable({
    write (chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    }
  })
  const app = await buildApp({
    store,
    fixtures: useFixtures,
    auth: options.auth ?? 'strict',
    log: options.log ?? { level: 'info', stream },
    seeding,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...(options.journalSize === undefined ? {} : { journalSize: options.journalSize }),
    ...(options.adminAccess === undefined ? {} : { adminAccess: options.adminAccess }),
    ...(options.onRoute === undefined ? {} : { onRoute: options.onRoute })
  })
  t.teardown(async () => {
    await app.close()
    store.close()
  })
  return { app, store, logs }
}

/** A JSON POST (or other method) for `inject`. */
export function json (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return { method, url, headers: { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) }
}

export function detailUrl (incidentNum: string): string {
  return `/v1/external/incident/${encodeURIComponent(incidentNum)}`
}

/** A plain ticket for store and view tests; every field can be overridden. */
export function makeRecord (overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    incident_num: 'IM202401010800000000000001',
    domain_id: 'd1',
    region: [],
    enterprise_project: ['0'],
    current_cloud_service: [],
    incident_level: 'level_40',
    is_service_interrupt: false,
    incident_type: 'inc_type_p_config_issues',
    incident_title: 'a title',
    incident_description: '',
    incident_source: 'incident_source_manual',
    incident_assignee: [],
    assignee_scene: 's',
    assignee_role: 'r',
    warroom_id: '',
    handle_time: null,
    status: 'INCIDENT_STATUS_TRIGGERED',
    create_time: 1,
    creator: 'c',
    ...overrides
  }
}
