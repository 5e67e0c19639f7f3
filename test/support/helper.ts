import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadFixtures, type Fixtures } from '../../src/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js'
import type { IncidentRecord } from '../../src/schemas/incident.js'
import { openIncidentStore, type IncidentStore } from '../../src/stores/incident-store.js'
import { seedStore } from '../../src/seeds/seed.js'

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
    ...(options.onRoute === undefined ? {} : { onRoute: options.onRoute }),
    ...(options.ui === undefined ? {} : { ui: options.ui })
  })
  t.teardown(async () => {
    await app.close()
    store.close()
  })
  return { app, store, logs }
}

/** A create body COC accepts, with only the required fields; spread it to vary a field. */
export const CREATE_BODY = {
  incident_level: 'level_40',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_function_issues',
  incident_title: 'login fails',
  incident_source: 'incident_source_manual',
  creator: '7da46971b7e24eed90cf777cc2ff8b91',
  incident_assignee: ['25819b46251b46218bf6ad238ddd860c']
}
/** The operator a handle names when the test does not care who acts. */
export const OPERATOR = '9605B67C741D4553887A3462771107D3'

export interface Api extends Built {
  /** POST with the default token (plus any headers given). */
  post (url: string, payload: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>
  /** Creates a ticket (CREATE_BODY unless another body is given) and returns its number. */
  create (body?: object): Promise<string>
  /** A v1 handle of the ticket. */
  handle (incidentNum: string, key: string, parameter?: unknown, operator?: string): Promise<LightMyRequestResponse>
  /** The v1 detail's data. */
  detail (incidentNum: string): Promise<any>
}

/** An emulator with no generated tickets unless asked, and the requests most route tests make. */
export async function setup (t: Teardown, options: Parameters<typeof build>[1] = {}): Promise<Api> {
  const built = await build(t, { tickets: 0, ...options })
  const { app } = built
  const post: Api['post'] = (url, payload, headers = {}) => app.inject({ method: 'POST', url, headers: { ...TOKEN, ...headers }, payload: payload as object })
  return {
    ...built,
    post,
    create: async (body = CREATE_BODY) => (await post('/v1/external/incident/create', body)).json().data.incident_num,
    handle: (incidentNum, key, parameter = {}, operator = OPERATOR) =>
      post('/v1/external/incident/handle', { incident_num: incidentNum, operator, operate_key: key, parameter }),
    detail: async incidentNum => (await app.inject({ url: detailUrl(incidentNum), headers: TOKEN })).json().data
  }
}

/**
 * `setup` on a clock that starts at 2026-11-27 12:00 UTC and moves a minute before every handle,
 * so that a ticket's history records are in a known order; `histories` asks for one ticket's.
 */
export async function setupTicking (t: Teardown, tickets = 0) {
  let clock = Date.UTC(2026, 10, 27, 12, 0, 0)
  const api = await setup(t, { tickets, now: () => clock })
  const handle = (num: string, key: string, parameter: object = {}) => {
    clock += 60_000
    return api.handle(num, key, parameter)
  }
  const histories = async (num: string, extra: object = {}, url = '/v1/incident/list-histories') =>
    (await api.post(url, { string_filters: [{ field: 'ticket_id', operator: '=', values: [num] }], ...extra })).json()
  return { ...api, handle, histories }
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

/**
 * Polls until `check` holds, `tries` times `everyMs` apart at most: a bounded loop, never a fixed
 * wait. True once it holds, false when it never did.
 */
export async function until (check: () => boolean | Promise<boolean>, { tries = 100, everyMs = 20 } = {}): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
  return await check()
}
