import t from 'tap'
import type { RouteOptions } from 'fastify'
import { Type } from '@sinclair/typebox'
import { allowsNumbers, badValue, compileSchema, createAjv, guardValues, type Validator } from '../src/validation.js'
import { EPOCH_MS_MAX } from '../src/schemas/common.js'
import { STEPS } from '../src/incident/workflow.js'
import { build, json, TOKEN } from './support/helper.js'
import { CREATE_BODY as VALID } from './support/helper.js'

interface Numeric { path: string, schema: { type?: unknown, minimum?: number, maximum?: number } }

/** Every integer or number inside a schema, with where it is. */
function numerics (schema: unknown, path = ''): Numeric[] {
  if (typeof schema !== 'object' || schema === null) return []
  const type = (schema as { type?: unknown }).type
  const own = [type].flat().some(t => t === 'integer' || t === 'number') ? [{ path, schema: schema as Numeric['schema'] }] : []
  return [...own, ...Object.entries(schema).flatMap(([key, value]) => numerics(value, `${path}/${key}`))]
}

t.test('every integer a client can send, on every route and workflow step, has a finite range', async t => {
  const routes: RouteOptions[] = []
  await build(t, { onRoute: route => { routes.push(route) } })
  let checked = 0
  for (const route of routes) {
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
      for (const { path, schema } of numerics(route.schema?.[part])) {
        checked++
        t.ok(Number.isFinite(schema.minimum) && Number.isFinite(schema.maximum), `${[route.method].flat().join(',')} ${route.url} ${part}${path}: bounded`)
      }
    }
  }
  for (const step of STEPS) {
    for (const { path, schema } of numerics(step.params)) {
      checked++
      t.ok(Number.isFinite(schema.minimum) && Number.isFinite(schema.maximum), `step ${step.id} ${path}: bounded`)
    }
  }
  t.ok(checked >= 15, `the walk found the integers (${checked})`)
})

t.test('the finite-number guard: strings Ajv coerces to Infinity are refused, naming the field', async t => {
  const ajv = createAjv()
  const schema = Type.Object({ a: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })), list: Type.Optional(Type.Array(Type.Number())) })
  const validate = compileSchema(ajv, schema)
  for (const bad of ['Infinity', '-Infinity', '1e400', '-1e400']) {
    t.notOk(validate({ a: bad }), `${bad} refused`)
    t.equal(validate.errors?.[0]?.instancePath, '/a')
    t.notOk(validate({ list: ['1', bad] }), `${bad} in an array refused`)
    t.equal(validate.errors?.[0]?.instancePath, '/list/1')
  }
  t.ok(validate({ a: '7' }), 'a numeric string is still coerced')
  t.notOk(validate({ a: '11' }), 'and still range-checked')
  t.equal(validate.errors?.[0]?.keyword, 'maximum')
  t.equal(badValue({ a: [{ b: NaN }] })?.path, '/a/0/b')
  t.equal(badValue({ a: 'Infinity', b: 1 }), null, 'strings are not numbers')
  t.equal(badValue({ a: 'x\ud800' }), null, 'strings are looked at only when asked')
  t.same(badValue({ a: ['ok \u{1F600}', 'x\ud800'] }, true), { path: '/a/1', rule: 'must be well-formed Unicode (a lone UTF-16 surrogate cannot be stored)' })
  t.equal(badValue({ a: 'a pair \u{1F600} is fine' }, true), null)
  t.notOk(allowsNumbers(Type.Object({ s: Type.String() })))
  t.ok(allowsNumbers({ type: ['integer', 'null'] }), 'a nullable integer allows numbers')
  const plain: Validator = () => true
  t.equal(guardValues(plain, Type.String()), plain, 'no wrapper where no number can be, outside a body')
  const withEnv: Validator = Object.assign(() => true, { schemaEnv: { root: true } })
  t.same(guardValues(withEnv, Type.Integer()).schemaEnv, { root: true }, 'root coercion still reaches fastify')
})

t.test('non-finite and out-of-range integers get 400 GOM.00007256 on every route that takes one', async t => {
  const { app } = await build(t, { tickets: 5 })
  const cases: Array<[string, ReturnType<typeof json>, string]> = [
    ['create start_time', json('POST', '/v1/external/incident/create', { ...VALID, start_time: 'Infinity' }, TOKEN), 'start_time'],
    ['create start_time past 9999', json('POST', '/v1/external/incident/create', { ...VALID, start_time: EPOCH_MS_MAX + 1 }, TOKEN), 'start_time'],
    ['v1 list offset', json('GET', '/v1/incident-tickets?offset=Infinity', undefined, TOKEN), 'offset'],
    ['v1 list limit', json('GET', '/v1/incident-tickets?limit=1e400', undefined, TOKEN), 'limit'],
    ['v2 list page', json('POST', '/v2/incidents/list', { page: 'Infinity' }, TOKEN), 'page'],
    ['v2 list per_page', json('POST', '/v2/incidents/list', { per_page: '-Infinity' }, TOKEN), 'per_page'],
    ['admin tickets page', json('GET', '/__admin/tickets?page=1e400'), 'page'],
    ['admin ticket create_time', json('POST', '/__admin/tickets', { tickets: [{ ...VALID, create_time: 'Infinity' }] }), 'tickets[0].create_time'],
    ['admin ticket handle_time', json('POST', '/__admin/tickets', { tickets: [{ ...VALID, handle_time: '1e400' }] }), 'tickets[0].handle_time'],
    ['admin ticket history time', json('POST', '/__admin/tickets', { tickets: [{ ...VALID, history: [{ step: 'create', time: 'Infinity' }] }] }), 'tickets[0].history[0].time'],
    ['clock frozen_at', json('POST', '/__admin/clock', { frozen_at: 8_640_000_000_000_000 }), 'frozen_at']
  ]
  for (const [name, request, field] of cases) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.equal(res.json().error_code, 'GOM.00007256', `${name}: GOM.00007256`)
    t.match(res.json().error_msg, new RegExp(`^${field.replace(/[[\].]/g, c => `\\${c}`)}: `), `${name}: names ${field}`)
  }
  const listed = await app.inject(json('GET', '/__admin/tickets?limit=100'))
  t.equal(listed.json().data.total, listed.json().data.tickets.length, 'nothing was stored by the refused inserts')
})

t.test('commitSolution1 times and a shifted clock stay within the dates a ticket number can print', async t => {
  const { app } = await build(t, { tickets: 0 })
  const created = await app.inject(json('POST', '/v1/external/incident/create', VALID, TOKEN))
  const num = created.json().data.incident_num as string
  const handle = (operateKey: string, parameter: object) => app.inject(json('POST', '/v1/external/incident/handle', { incident_num: num, operator: 'u1', operate_key: operateKey, parameter }, TOKEN))
  t.equal((await handle('acceptedIncident1', {})).statusCode, 200)
  for (const field of ['start_time', 'fault_recovery_time']) {
    const res = await handle('commitSolution1', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: true, cause: 'c', solution: 's', start_time: 1, fault_recovery_time: 2, [field]: 'Infinity' })
    t.equal(res.statusCode, 400, `${field}: Infinity refused`)
    t.match(res.json().error_msg, `parameter.${field}: `)
  }
  const shifted = await app.inject(json('POST', '/__admin/clock', { frozen_at: EPOCH_MS_MAX, offset_ms: 1 }))
  t.equal(shifted.statusCode, 400, 'frozen_at + offset_ms past 9999')
  t.match(shifted.json().error_msg, /^offset_ms: the clock would read 253402272000000, outside 0 to 253402271999999/)
  t.equal((await app.inject(json('POST', '/__admin/clock', { offset_ms: -EPOCH_MS_MAX }))).statusCode, 400, 'before 1970')
  t.equal((await app.inject(json('POST', '/__admin/clock', { frozen_at: EPOCH_MS_MAX }))).statusCode, 200, 'the last instant is fine')
  const last = await app.inject(json('POST', '/v1/external/incident/create', VALID, TOKEN))
  t.match(last.json().data.incident_num, /^IM99991231235959\d{10}$/, 'and prints as a date (UTC+8)')
})

t.test('a body string with a lone surrogate is refused before it is stored, on COC and admin routes', async t => {
  const { app } = await build(t, { tickets: 0 })
  const stored = async () => (await app.inject(json('GET', '/__admin/tickets'))).json().data.total as number
  const before = await stored()
  const create = await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: { ...TOKEN, 'content-type': 'application/json' }, payload: JSON.stringify({ ...VALID, incident_title: 'disk' }).replace('disk', 'disk\\ud800') })
  t.equal(create.statusCode, 400)
  t.equal(create.json().error_msg, 'incident_title: must be well-formed Unicode (a lone UTF-16 surrogate cannot be stored)')
  const admin = await app.inject({ method: 'POST', url: '/__admin/tickets', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ tickets: [{ ...VALID, incident_num: 'IM-S-X' }] }).replace('IM-S-X', 'IM-S-\\ud800') })
  t.equal(admin.statusCode, 400)
  t.match(admin.json().error_msg, /^tickets\[0\]\.incident_num: must be well-formed Unicode/)
  t.equal(await stored(), before, 'nothing was stored')
})
