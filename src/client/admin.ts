import type {
  AdminTicket, AdminTicketView, ClockBody, ClockView, FaultBody, FaultView, JournaledRequest, RequestsCount,
  RequestsFilter, RequestsQuery, RequestsResult, ResetResult, TicketsQuery, TicketsResult
} from '../schemas/admin.js'
import type { Category, CategoryView } from '../schemas/categories.js'
import type { Static } from '@sinclair/typebox'
import type { AdminApplication, AdminApplicationsQuery, ApplicationsResult } from '../schemas/application.js'
import type { AdminAlarm, AlarmInfo, AlarmsQuery as AlarmsQuerySchema, AlarmsResult as AlarmsResultSchema } from '../schemas/alarm.js'
import type { AdminWarRoomView, WarRoomsQuery, WarRoomsResult } from '../schemas/warroom.js'

/** GET and POST /__admin/alarms' answer: alarms (AlarmInfoDTO) with their owning domain. */
export type AlarmsList = Static<typeof AlarmsResultSchema>
export type AlarmsQuery = Static<typeof AlarmsQuerySchema>
export type { AdminAlarm, AlarmInfo }
/** GET /__admin/warrooms: war rooms (WarRoomTenantInfo) with their ticket's number and domain. */
export type { AdminWarRoomView, WarRoomsQuery, WarRoomsResult }

/** GET and POST /__admin/applications' answer: applications with their owning domain and Chinese name. */
export type ApplicationsList = Static<typeof ApplicationsResult>
export type ApplicationsQuery = Static<typeof AdminApplicationsQuery>
export type { AdminApplication }

export type { Category, CategoryView }
export type {
  AdminTicket, AdminTicketView, ClockBody, ClockView, FaultBody, FaultView, JournaledRequest, RequestsFilter,
  RequestsQuery, RequestsResult, ResetResult, TicketsQuery, TicketsResult
}

/** GET /__admin/health's answer. */
export interface HealthView {
  status: 'ok'
  version: string
  uptime_ms: number
  tickets: number
}

export interface AdminClientOptions {
  /** The admin token, sent as a bearer token (needed from another machine unless access is open). */
  token?: string
}

/** A control-plane call that the emulator refused: its HTTP status and COC error. */
export class AdminError extends Error {
  override name = 'AdminError'
  constructor (readonly status: number, readonly errorCode: string, readonly errorMsg: string, readonly route: string) {
    super(`${route}: ${status} ${errorCode}: ${errorMsg}`)
  }
}

/** `admin.requests.expect()` found another number of requests than expected. */
export class RequestExpectationError extends Error {
  override name = 'RequestExpectationError'
  constructor (message: string, readonly expected: number, readonly actual: number, readonly received: JournaledRequest[]) {
    super(message)
  }
}

/** The typed client of the control plane (`/__admin`); each method is one route, typed by its schema. */
export interface AdminClient {
  health (): Promise<HealthView>
  /** Back to the start state (and the scenario); `empty`: no seeded tickets. */
  reset (options?: { empty?: boolean }): Promise<ResetResult>
  applications: {
    insert (applications: AdminApplication[]): Promise<ApplicationsList>
    list (query?: Partial<ApplicationsQuery>): Promise<ApplicationsList>
    remove (id: string): Promise<void>
  }
  /** Alarms (AlarmInfoDTO) of any domain: all or none on insert, newest first on list. */
  alarms: {
    insert (alarms: AdminAlarm[]): Promise<AlarmsList>
    list (query?: Partial<AlarmsQuery>): Promise<AlarmsList>
    remove (alarmId: string): Promise<void>
  }
  /** War rooms of any domain: created ones and those of seeded or inserted tickets naming one. */
  warrooms: {
    list (query?: Partial<WarRoomsQuery>): Promise<WarRoomsResult>
  }
  tickets: {
    insert (tickets: AdminTicket[]): Promise<TicketsResult>
    list (query?: Partial<TicketsQuery>): Promise<TicketsResult>
    remove (incidentNum: string): Promise<void>
  }
  requests: {
    list (query?: Partial<RequestsQuery>): Promise<RequestsResult>
    count (filter?: RequestsFilter): Promise<number>
    /** Resolves when exactly `n` requests match; otherwise rejects with a message listing what was received. */
    expect (filter: RequestsFilter, n: number): Promise<void>
    clear (): Promise<void>
  }
  faults: {
    add (fault: FaultBody): Promise<FaultView>
    list (): Promise<FaultView[]>
    /** A fault in force, or one used up (its counters stay readable). */
    get (id: string): Promise<FaultView>
    remove (id: string): Promise<void>
    clear (): Promise<void>
  }
  clock: {
    get (): Promise<ClockView>
    set (clock: ClockBody): Promise<ClockView>
    reset (): Promise<ClockView>
  }
  /** The incident categories incident_type / mtm_type may name. */
  categories: {
    list (): Promise<CategoryView[]>
    /** All or none; resolves with the inserted ones. */
    insert (categories: Category[]): Promise<CategoryView[]>
    remove (key: string): Promise<void>
  }
}

const SUCCESS_CODE = 'GOM.00000000'

/** How many received requests a failed expectation lists. */
const LISTED_REQUESTS = 20

function queryString (query: Record<string, string | number | boolean | undefined> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

function describe (request: JournaledRequest): string {
  // A dropped connection has no status; an answered request always has an error code.
  const answer = request.status === null ? 'dropped' : request.error_code === SUCCESS_CODE ? String(request.status) : `${request.status} ${String(request.error_code)}`
  return `  ${request.method} ${request.path}${request.query === '' ? '' : `?${request.query}`} -> ${answer}`
}

/** A client of the control plane at `baseUrl` (the emulator's URL, without /__admin). */
export function createAdminClient (baseUrl: string, options: AdminClientOptions = {}): AdminClient {
  const root = baseUrl.replace(/\/+$/, '') + '/__admin'
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {}
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(root + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    let envelope: { error_code?: string, error_msg?: string, data?: T }
    try {
      envelope = JSON.parse(text) as typeof envelope
    } catch {
      throw new AdminError(res.status, 'none', `not a JSON answer: ${text.slice(0, 200)}`, `${method} /__admin${path}`)
    }
    if (!res.ok) throw new AdminError(res.status, envelope.error_code ?? 'none', envelope.error_msg ?? text, `${method} /__admin${path}`)
    return envelope.data as T
  }
  const count = async (filter: RequestsFilter = {}): Promise<number> =>
    (await call<RequestsCount>('POST', '/requests/count', filter)).count
  return {
    health: async () => await call('GET', '/health'),
    reset: async ({ empty } = {}) => await call('POST', `/reset${queryString({ empty })}`),
    applications: {
      insert: async applications => await call('POST', '/applications', { applications }),
      list: async query => await call('GET', `/applications${queryString(query)}`),
      remove: async id => { await call('DELETE', `/applications/${encodeURIComponent(id)}`) }
    },
    alarms: {
      insert: async alarms => await call('POST', '/alarms', { alarms }),
      list: async query => await call('GET', `/alarms${queryString(query)}`),
      remove: async alarmId => { await call('DELETE', `/alarms/${encodeURIComponent(alarmId)}`) }
    },
    warrooms: {
      list: async query => await call('GET', `/warrooms${queryString(query)}`)
    },
    tickets: {
      insert: async tickets => await call('POST', '/tickets', { tickets }),
      list: async query => await call('GET', `/tickets${queryString(query)}`),
      remove: async incidentNum => { await call('DELETE', `/tickets/${encodeURIComponent(incidentNum)}`) }
    },
    requests: {
      list: async query => await call('GET', `/requests${queryString(query)}`),
      count,
      async expect (filter, n) {
        const actual = await count(filter)
        if (actual === n) return
        const journal = await call<RequestsResult>('GET', `/requests${queryString({ limit: LISTED_REQUESTS })}`)
        const lines = journal.requests.map(describe)
        const more = journal.total > lines.length ? `\n  ... and ${journal.total - lines.length} older` : ''
        const received = journal.total === 0
          ? 'The journal is empty.'
          : `Received (newest first):\n${lines.join('\n')}${more}`
        throw new RequestExpectationError(
          `expected ${n} request${n === 1 ? '' : 's'} matching ${JSON.stringify(filter)}, got ${actual}. ${received}`,
          n, actual, journal.requests)
      },
      clear: async () => { await call('DELETE', '/requests') }
    },
    faults: {
      add: async fault => await call('POST', '/faults', fault),
      list: async () => await call('GET', '/faults'),
      get: async id => await call('GET', `/faults/${encodeURIComponent(id)}`),
      remove: async id => { await call('DELETE', `/faults/${encodeURIComponent(id)}`) },
      clear: async () => { await call('DELETE', '/faults') }
    },
    clock: {
      get: async () => await call('GET', '/clock'),
      set: async clock => await call('POST', '/clock', clock),
      reset: async () => await call('DELETE', '/clock')
    },
    categories: {
      list: async () => (await call<{ categories: CategoryView[] }>('GET', '/categories')).categories,
      insert: async categories => (await call<{ categories: CategoryView[] }>('POST', '/categories', { categories })).categories,
      remove: async key => { await call('DELETE', `/categories/${encodeURIComponent(key)}`) }
    }
  }
}
