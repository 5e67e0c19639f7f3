import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { Type, type TSchema } from '@sinclair/typebox'
import { STEPS } from '../../../src/incident/workflow.js'
import { HISTORY_FIELDS, V2_FIELDS, OPERATORS, SORTABLE } from '../../../src/incident/list-query.js'
import { ClockBody, FaultBody, FaultIdParams, InsertTicketsBody, RequestsQuery, ResetQuery, TicketNumParams, TicketsQuery } from '../../../src/schemas/admin.js'
import { IncidentNumParams } from '../../../src/schemas/incident.js'
import { CategoriesBody, CategoryKeyParams } from '../../../src/schemas/categories.js'
import { CreateIncidentBody, HandleIncidentBody, ListHistoriesBody, SimpleListQuery, TicketTypeParams } from '../../../src/schemas/v1.js'
import { ActionBody, HistoriesBody, IncidentIdParams, ListBody } from '../../../src/schemas/v2.js'
import { PROTO_NAMES, valid } from './arbitraries.js'
import { decodePath, encodePath, envelopeProblem, send, TOKEN, type Case, type Context, type Injected, type RouteSpec } from './harness.js'

const auth = { 'x-auth-token': TOKEN }
const json = (body: unknown) => ({ headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
const parse = (text: string | undefined): Record<string, unknown> => {
  try {
    const value = JSON.parse(text ?? '{}')
    return typeof value === 'object' && value !== null ? value : {}
  } catch {
    return {}
  }
}

const text = (value: unknown): string => typeof value === 'string' ? value : ''

const ticketNum = (ctx: Context) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.nums) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) })
const filterName = fc.constantFrom('f1', 'f2', 'a', 'b')
const conditionText = fc.letrec<{ expr: string }>(tie => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    filterName,
    fc.tuple(tie('expr'), fc.constantFrom(' & ', ' | ', ' and ', ' or ', '&&', '||'), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('expr').map(inner => `(${inner})`))
})).expr

/** The history of a ticket as the v2 route gives it, or a problem. */
async function historyOf (ctx: Context, num: string): Promise<{ info: Array<{ action: string }>, problem: string | null }> {
  const answer = await send(ctx.app, { method: 'POST', url: `/v2/incidents/${encodePath(num)}/histories`, ...json({}) })
  const problem = envelopeProblem(answer)
  if (problem !== null || answer.statusCode !== 200) return { info: [], problem: `history of ${num}: ${answer.statusCode} ${problem ?? ''} ${answer.body.slice(0, 300)}` }
  return { info: answer.json().data.info, problem: null }
}

async function detailProblem (ctx: Context, num: string): Promise<string | null> {
  const answer = await send(ctx.app, { method: 'GET', url: `/v1/external/incident/${encodePath(num)}`, headers: auth })
  const problem = envelopeProblem(answer)
  if (problem !== null || answer.statusCode !== 200) return `detail of ${num}: ${answer.statusCode} ${problem ?? ''} ${answer.body.slice(0, 300)}`
  return answer.json().data.incident_num === num ? null : `detail of ${num} names another ticket`
}

/** A handle (v1 or v2) that answered 2xx adds exactly one history record, of a step the key names, and the ticket still reads. */
function handleSpec (api: 'v1' | 'v2'): Pick<RouteSpec, 'valid' | 'snapshot' | 'readBack' | 'prepare'> {
  const numOf = (request: Injected): string => api === 'v1'
    ? text(parse(request.payload).incident_num)
    : decodePath(request.url.split('/')[3] ?? '')
  return {
    valid: ctx => fc.constantFrom(...STEPS.filter(step => api === 'v2' || step.v1 !== null)).chain(step => {
      const key = api === 'v1' ? step.v1! : step.v2
      const schema: TSchema = api === 'v1'
        ? Type.Object({ ...HandleIncidentBody.properties, operate_key: Type.Literal(key), parameter: Type.Optional(step.params) }, { required: ['incident_num', 'operator', 'operate_key'] })
        : Type.Object({ ...ActionBody.properties, action: Type.Literal(key), params: Type.Optional(step.params) })
      const hints = { incident_num: ticketNum(ctx), task_id: fc.constantFrom('current', 'current', 'stale-task') }
      return fc.record({
        params: api === 'v1' ? fc.constant({ value: undefined, schema: null }) : ticketNum(ctx).map(num => ({ value: { incident_id: num }, schema: IncidentIdParams as TSchema })),
        query: fc.constant({ value: undefined, schema: null }),
        body: valid(schema, hints).map(value => ({ value, schema }))
      }) satisfies fc.Arbitrary<Case>
    }),
    // v2 needs the task id of the ticket as it is now: "current" stands for it.
    prepare: async (ctx, request) => {
      if (api === 'v1' || request.payload === undefined || !request.payload.includes('"task_id":"current"')) return request
      const num = numOf(request)
      const tasks = await send(ctx.app, { method: 'GET', url: `/v2/incidents/${encodePath(num)}/tasks`, headers: auth })
      const id = tasks.statusCode === 200 ? String(tasks.json().data[0]?.operations[0]?.task_id ?? 'none') : 'none'
      return { ...request, payload: request.payload.replace('"task_id":"current"', JSON.stringify({ task_id: id }).slice(1, -1)) }
    },
    snapshot: async (ctx, request) => (await historyOf(ctx, numOf(request))).info.length,
    readBack: async (ctx, request, _answer, before) => {
      const num = numOf(request)
      const { info, problem } = await historyOf(ctx, num)
      if (problem !== null) return problem
      if (info.length !== (before as number) + 1) return `history of ${num} went from ${String(before)} to ${info.length} records`
      const key = text(parse(request.payload)[api === 'v1' ? 'operate_key' : 'action'])
      const actions = new Set(STEPS.filter(step => step[api] === key).map(step => step.v2))
      const last = info.at(-1)!.action
      if (!actions.has(last)) return `the newest history record is ${last}, not a step of ${key}`
      return detailProblem(ctx, num)
    }
  }
}

const v2FilterHints = {
  field: fc.oneof(fc.constantFrom(...[...V2_FIELDS.keys()]), fc.constantFrom(...PROTO_NAMES)),
  operator: fc.constantFrom(...OPERATORS, 'asc', 'desc'),
  values: fc.array(fc.oneof(fc.constantFrom('true', 'false', '0', '1710739323172', 'level_10', 'INCIDENT_STATUS_TRIGGERED', ''), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 4 }),
  name: filterName,
  condition: conditionText
}

export const COC_ROUTES: RouteSpec[] = [
  {
    name: 'POST /v1/external/incident/create',
    method: 'POST',
    path: '/v1/external/incident/create',
    coc: true,
    body: CreateIncidentBody,
    hints: () => ({ incident_assignee: fc.constant(['25819b46251b46218bf6ad238ddd860c']) }),
    // A create that answered 2xx is a ticket the detail route shows.
    readBack: async (ctx, _request, answer) => detailProblem(ctx, String(answer.json().data?.incident_num))
  },
  { name: 'GET /v1/external/incident/{incident_num}', method: 'GET', path: '/v1/external/incident/:incident_num', coc: true, params: IncidentNumParams, hints: ctx => ({ incident_num: ticketNum(ctx) }) },
  { name: 'POST /v1/external/incident/handle', method: 'POST', path: '/v1/external/incident/handle', coc: true, body: HandleIncidentBody, ...handleSpec('v1') },
  {
    name: 'POST /v1/{ticket_type}/list-histories',
    method: 'POST',
    path: '/v1/:ticket_type/list-histories',
    coc: true,
    params: TicketTypeParams,
    body: ListHistoriesBody,
    hints: ctx => ({
      ticket_type: fc.constantFrom('incident', 'change', 'external'),
      field: fc.oneof(fc.constantFrom('ticket_id', 'action', 'operator', 'start_time', 'stop_time', 'update_time'), fc.constantFrom(...PROTO_NAMES)),
      operator: fc.constantFrom('=', 'in', '!=', 'asc', 'desc', 'like'),
      values: fc.array(fc.oneof(fc.constantFrom(...ctx.nums), fc.constantFrom('create', 'accepted')), { minLength: 1, maxLength: 3 })
    })
  },
  {
    name: 'POST /v1/external/{ticket_type}/list-histories',
    method: 'POST',
    path: '/v1/external/:ticket_type/list-histories',
    coc: true,
    params: TicketTypeParams,
    body: ListHistoriesBody,
    hints: ctx => ({
      ticket_type: fc.constantFrom('incident', 'other'),
      field: fc.oneof(fc.constantFrom('ticket_id', 'action', 'operator', 'start_time'), fc.constantFrom(...PROTO_NAMES)),
      operator: fc.constantFrom('=', 'in', '!=', 'asc', 'desc'),
      values: fc.array(fc.constantFrom(...ctx.nums), { minLength: 1, maxLength: 3 })
    })
  },
  { name: 'GET /v1/incident-tickets', method: 'GET', path: '/v1/incident-tickets', coc: true, query: SimpleListQuery },
  { name: 'POST /v2/incidents/list', method: 'POST', path: '/v2/incidents/list', coc: true, body: ListBody, hints: () => ({ ...v2FilterHints, ticket_types: fc.constant(['incident']), fields: fc.array(fc.constantFrom(...[...SORTABLE], 'enum_data_list', 'toString')) }) },
  { name: 'GET /v2/incidents/{incident_id}/tasks', method: 'GET', path: '/v2/incidents/:incident_id/tasks', coc: true, params: IncidentIdParams, hints: ctx => ({ incident_id: ticketNum(ctx) }) },
  { name: 'POST /v2/incidents/{incident_id}/actions', method: 'POST', path: '/v2/incidents/:incident_id/actions', coc: true, params: IncidentIdParams, body: ActionBody, ...handleSpec('v2') },
  {
    name: 'POST /v2/incidents/{incident_id}/histories',
    method: 'POST',
    path: '/v2/incidents/:incident_id/histories',
    coc: true,
    params: IncidentIdParams,
    body: HistoriesBody,
    hints: ctx => ({
      incident_id: ticketNum(ctx),
      field: fc.oneof(fc.constantFrom(...[...HISTORY_FIELDS.keys()]), fc.constantFrom(...PROTO_NAMES)),
      operator: fc.constantFrom(...OPERATORS, 'asc', 'desc'),
      values: fc.array(fc.constantFrom(...ctx.nums, 'create', 'accepted', '0', '1710739323172'), { minLength: 1, maxLength: 3 }),
      name: filterName,
      condition: conditionText
    })
  }
]

/** Finds an inserted ticket through GET /__admin/tickets (a bounded number of pages). */
async function adminTicket (ctx: Context, domain: string, num: string): Promise<unknown> {
  for (let page = 1; page <= 20; page++) {
    const answer = await send(ctx.app, { method: 'GET', url: `/__admin/tickets?limit=1000&page=${page}&domain_id=${encodeURIComponent(domain)}`, headers: {} })
    if (answer.statusCode !== 200) return `GET /__admin/tickets answered ${answer.statusCode} ${answer.body.slice(0, 300)}`
    const { tickets } = answer.json().data as { tickets: Array<{ incident_num: string }> }
    const found = tickets.find(ticket => ticket.incident_num === num)
    if (found !== undefined) return found
    if (tickets.length < 1000) return undefined
  }
  return undefined
}

const DOMAINS = ['coc-dev-domain', 'coc-other-domain', 'fuzz-domain']
const resetClock = async (ctx: Context) => { await send(ctx.app, { method: 'DELETE', url: '/__admin/clock', headers: {} }) }
/** Deletes every inserted category, so that the next case starts from the presets. */
const resetCategories = async (ctx: Context) => {
  const listed = await send(ctx.app, { method: 'GET', url: '/__admin/categories', headers: {} })
  for (const category of listed.json().data.categories as Array<{ key: string, origin: string }>) {
    if (category.origin === 'inserted') await send(ctx.app, { method: 'DELETE', url: `/__admin/categories/${encodeURIComponent(category.key)}`, headers: {} })
  }
}

export const ADMIN_ROUTES: RouteSpec[] = [
  { name: 'GET /__admin/health', method: 'GET', path: '/__admin/health', coc: false },
  {
    name: 'POST /__admin/reset',
    method: 'POST',
    path: '/__admin/reset',
    coc: false,
    query: ResetQuery,
    readBack: async (ctx, _request, answer) => {
      const health = await send(ctx.app, { method: 'GET', url: '/__admin/health', headers: {} })
      const tickets = health.statusCode === 200 ? health.json().data.tickets : -1
      return tickets === answer.json().data.tickets ? null : `health counts ${tickets} tickets, the reset said ${String(answer.json().data.tickets)}`
    }
  },
  {
    name: 'POST /__admin/tickets',
    method: 'POST',
    path: '/__admin/tickets',
    coc: false,
    body: InsertTicketsBody,
    hints: ctx => ({
      domain_id: fc.constantFrom(...DOMAINS),
      incident_num: fc.oneof(fc.constantFrom(...ctx.nums), fc.stringMatching(/^IM-FUZZ-[0-9a-z]{1,12}$/))
    }),
    // Every ticket the insert answered with is what GET /__admin/tickets then lists.
    readBack: async (ctx, _request, answer) => {
      for (const ticket of answer.json().data.tickets as Array<{ incident_num: string, domain_id: string }>) {
        const found = await adminTicket(ctx, ticket.domain_id, ticket.incident_num)
        if (typeof found === 'string') return found
        if (found === undefined) return `ticket ${ticket.incident_num} is not listed in ${ticket.domain_id}`
        if (!isDeepStrictEqual(found, ticket)) {
          const listed = found as Record<string, unknown>
          const keys = [...new Set([...Object.keys(listed), ...Object.keys(ticket)])]
            .filter(key => !isDeepStrictEqual(listed[key], (ticket as Record<string, unknown>)[key]))
          return `ticket ${ticket.incident_num} lists otherwise than the insert answered: ${keys.map(key => `${key} ${JSON.stringify(listed[key])?.slice(0, 80)} ≠ ${JSON.stringify((ticket as Record<string, unknown>)[key])?.slice(0, 80)}`).join('; ')}`
        }
      }
      return null
    }
  },
  { name: 'GET /__admin/tickets', method: 'GET', path: '/__admin/tickets', coc: false, query: TicketsQuery, hints: () => ({ domain_id: fc.constantFrom(...DOMAINS) }) },
  { name: 'DELETE /__admin/tickets/{incident_num}', method: 'DELETE', path: '/__admin/tickets/:incident_num', coc: false, params: TicketNumParams, hints: ctx => ({ incident_num: ticketNum(ctx) }) },
  { name: 'GET /__admin/requests', method: 'GET', path: '/__admin/requests', coc: false, query: RequestsQuery, hints: () => ({ path: fc.constantFrom('/v1/*', '/v2/incidents/list', '/*') }) },
  { name: 'DELETE /__admin/requests', method: 'DELETE', path: '/__admin/requests', coc: false },
  {
    name: 'POST /__admin/faults',
    method: 'POST',
    path: '/__admin/faults',
    coc: false,
    body: FaultBody,
    hints: () => ({ path: fc.constantFrom('/v1/*', '/v2/incidents/list', '/__admin/health', '/openapi.json') }),
    readBack: async (ctx, _request, answer) => {
      const fault = answer.json().data as { id: string }
      const read = await send(ctx.app, { method: 'GET', url: `/__admin/faults/${encodeURIComponent(fault.id)}`, headers: {} })
      return read.statusCode === 200 && isDeepStrictEqual(read.json().data, fault) ? null : `GET /__admin/faults/${fault.id}: ${read.statusCode} ${read.body.slice(0, 300)}`
    },
    cleanup: async ctx => { await send(ctx.app, { method: 'DELETE', url: '/__admin/faults', headers: {} }) }
  },
  { name: 'GET /__admin/faults', method: 'GET', path: '/__admin/faults', coc: false },
  { name: 'DELETE /__admin/faults', method: 'DELETE', path: '/__admin/faults', coc: false },
  { name: 'GET /__admin/faults/{id}', method: 'GET', path: '/__admin/faults/:id', coc: false, params: FaultIdParams },
  { name: 'DELETE /__admin/faults/{id}', method: 'DELETE', path: '/__admin/faults/:id', coc: false, params: FaultIdParams },
  { name: 'GET /__admin/clock', method: 'GET', path: '/__admin/clock', coc: false },
  {
    name: 'POST /__admin/clock',
    method: 'POST',
    path: '/__admin/clock',
    coc: false,
    body: ClockBody,
    // The clock reads back, and a ticket created on it has a number in COC's format and reads back.
    readBack: async (ctx, _request, answer) => {
      const clock = await send(ctx.app, { method: 'GET', url: '/__admin/clock', headers: {} })
      const set = answer.json().data as { frozen_at: number | null, offset_ms: number }
      const now = clock.json().data as { frozen_at: number | null, offset_ms: number }
      if (now.frozen_at !== set.frozen_at || now.offset_ms !== set.offset_ms) return `GET /__admin/clock: ${clock.body}`
      const create = await send(ctx.app, {
        method: 'POST',
        url: '/v1/external/incident/create',
        ...json({ incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_title: 'on the clock', incident_source: 'incident_source_manual', creator: 'u1', incident_assignee: ['u1'] })
      })
      const problem = envelopeProblem(create)
      if (problem !== null) return `a create on this clock: ${problem} ${create.statusCode} ${create.body.slice(0, 300)}`
      if (create.statusCode !== 200) return null
      const num = String(create.json().data.incident_num)
      if (!/^IM\d{24}$/.test(num)) return `a create on this clock made the number ${num}`
      return detailProblem(ctx, num)
    },
    cleanup: resetClock
  },
  { name: 'DELETE /__admin/clock', method: 'DELETE', path: '/__admin/clock', coc: false },
  { name: 'GET /__admin/categories', method: 'GET', path: '/__admin/categories', coc: false },
  {
    name: 'POST /__admin/categories',
    method: 'POST',
    path: '/__admin/categories',
    coc: false,
    body: CategoriesBody,
    hints: () => ({ key: fc.oneof(fc.constantFrom('inc_type_p_config_issues', 'cat_fuzz'), fc.stringMatching(/^cat_[0-9a-z]{1,12}$/)) }),
    // Every category the insert answered with is listed, with its names.
    readBack: async (ctx, _request, answer) => {
      const listed = await send(ctx.app, { method: 'GET', url: '/__admin/categories', headers: {} })
      const all = listed.statusCode === 200 ? listed.json().data.categories as unknown[] : []
      for (const category of answer.json().data.categories as unknown[]) {
        if (!all.some(other => isDeepStrictEqual(other, category))) return `GET /__admin/categories lacks ${JSON.stringify(category)}`
      }
      return null
    },
    cleanup: resetCategories
  },
  {
    name: 'DELETE /__admin/categories/{key}',
    method: 'DELETE',
    path: '/__admin/categories/:key',
    coc: false,
    params: CategoryKeyParams,
    hints: () => ({ key: fc.constantFrom('inc_type_p_config_issues', 'cat_fuzz', 'nope') }),
    cleanup: resetCategories
  }
]
