import t from 'tap'
import type { AddressInfo } from 'node:net'
import { defaultErrorCode } from '../../../src/admin/faults.js'
import { build, EXAMPLE_NUM, json, TOKEN } from '../../support/helper.js'

const DETAIL = `/v1/external/incident/${EXAMPLE_NUM}`
const detail = { url: DETAIL, headers: TOKEN }

t.test('a status fault answers in the envelope, for the next N matches, then goes', async t => {
  const { app } = await build(t, { tickets: 0 })
  const added = await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/v1/external/incident/*', status: 503, times: 2 }))
  t.equal(added.statusCode, 200)
  t.match(added.json().data, { id: 'fault-1', method: 'GET', path: '/v1/external/incident/*', status: 503, times: 2, matched: 0, remaining: 2 })
  for (let i = 0; i < 2; i++) {
    const res = await app.inject(detail)
    t.equal(res.statusCode, 503)
    t.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/)
    t.same(res.json(), { provider_code: '049', error_code: 'GOM.00005030', error_msg: 'injected fault fault-1: GET /v1/external/incident/*', data: null })
    if (i === 0) t.match((await app.inject({ url: '/__admin/faults' })).json().data, [{ id: 'fault-1', matched: 1, remaining: 1 }])
  }
  t.equal((await app.inject(detail)).statusCode, 200, 'the third request is served')
  t.same((await app.inject({ url: '/__admin/faults' })).json().data, [], 'a used-up fault is removed from the list')
  t.match((await app.inject({ url: '/__admin/faults/fault-1' })).json().data, { id: 'fault-1', matched: 2, remaining: 0 }, 'its counters stay readable')
  const journaled = (await app.inject({ url: '/__admin/requests?limit=3' })).json().data.requests
  t.same(journaled.map((r: { status: number, fault_id: string | null }) => [r.status, r.fault_id]), [[200, null], [503, 'fault-1'], [503, 'fault-1']])
  t.equal(journaled[1].error_code, 'GOM.00005030')
})

t.test('error_code and error_msg are sent as given; faults fire before credentials are checked', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/faults', { method: 'POST', path: '/v2/incidents/list', status: 429, error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached' }))
  const res = await app.inject(json('POST', '/v2/incidents/list', {}))
  t.equal(res.statusCode, 429)
  t.same(res.json(), { provider_code: '049', error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached', data: null })
  t.equal((await app.inject(json('POST', '/v2/incidents/list', {}))).statusCode, 429, 'without times: until removed')
  t.equal((await app.inject(detail)).statusCode, 200, 'other paths are not touched')
  t.equal((await app.inject(json('GET', '/v2/incidents/list'))).statusCode, 405, 'nor other methods')
  t.equal(defaultErrorCode(404), 'GOM.00004040')
})

t.test('method * and path prefixes; the first fault added wins; unknown routes can fail too', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/faults', { method: '*', path: '/v1/*', status: 500 }))
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, status: 502 }))
  t.equal((await app.inject(detail)).statusCode, 500)
  t.equal((await app.inject({ url: '/v1/no/such' })).statusCode, 500)
  t.equal((await app.inject({ url: '/v2/no/such' })).statusCode, 404)
  const [first, second] = (await app.inject({ url: '/__admin/faults' })).json().data
  const one = await app.inject({ url: '/__admin/faults/fault-2' })
  t.match(one.json().data, { id: 'fault-2', method: 'GET', path: DETAIL, status: 502, matched: 0, remaining: null })
  t.equal((await app.inject({ url: '/__admin/faults/fault-9' })).statusCode, 404)
  const removed = await app.inject({ method: 'DELETE', url: `/__admin/faults/${first.id as string}` })
  t.equal(removed.statusCode, 200)
  t.equal((await app.inject(detail)).statusCode, 502)
  t.equal(second.id, 'fault-2')
  const unknown = await app.inject({ method: 'DELETE', url: '/__admin/faults/fault-99' })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error_code: 'GOM.00004040', error_msg: 'id: no fault [fault-99]' })
  await app.inject({ method: 'DELETE', url: '/__admin/faults' })
  t.equal((await app.inject(detail)).statusCode, 200)
})

t.test('used-up faults: the most recent stay readable, and DELETE forgets one', async t => {
  const { app } = await build(t, { tickets: 0 })
  const { MAX_SPENT } = await import('../../../src/admin/faults.js')
  for (let i = 0; i <= MAX_SPENT; i++) {
    app.faults.add({ method: 'GET', path: DETAIL, status: 500, times: 1 })
    app.faults.match('GET', DETAIL, EXAMPLE_NUM, true)
  }
  t.equal(app.faults.size, 0)
  t.equal(app.faults.get('fault-1'), undefined, 'the oldest used-up fault is forgotten')
  t.match(app.faults.get(`fault-${MAX_SPENT + 1}`), { matched: 1, remaining: 0 })
  t.equal((await app.inject({ method: 'DELETE', url: `/__admin/faults/fault-${MAX_SPENT + 1}` })).statusCode, 200)
  t.equal((await app.inject({ url: `/__admin/faults/fault-${MAX_SPENT + 1}` })).statusCode, 404)
})

t.test('a fault naming a ticket: by path parameter, or by the body', async t => {
  const { app } = await build(t, { tickets: 0 })
  const other = 'IM202401010000000000000001'
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/v1/external/incident/*', incident_num: other, status: 500 }))
  t.equal((await app.inject(detail)).statusCode, 200, 'another ticket: served')
  t.equal((await app.inject({ url: `/v1/external/incident/${other}`, headers: TOKEN })).statusCode, 500)
  await app.inject(json('POST', '/__admin/faults', { method: 'POST', path: '/v1/external/incident/handle', incident_num: EXAMPLE_NUM, status: 504, times: 1 }))
  const handle = (num: string) => app.inject(json('POST', '/v1/external/incident/handle', { incident_num: num, operator: 'u', operate_key: 'commitSolution1', parameter: { solution: 'x' } }, TOKEN))
  t.equal((await handle('IM202401010000000000000002')).json().error_code, 'COC.00067003', 'another ticket in the body: served')
  const faulted = await handle(EXAMPLE_NUM)
  t.equal(faulted.statusCode, 504)
  t.equal(faulted.json().error_code, 'GOM.00005040')
  t.equal((await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })).json().data.status, 'INCIDENT_STATUS_ACKNOWLEDGED', 'the faulted handle did nothing')
  await app.inject(json('POST', '/__admin/faults', { method: 'POST', path: '/v2/incidents/*', incident_num: EXAMPLE_NUM, status: 500 }))
  t.equal((await app.inject(json('POST', `/v2/incidents/${EXAMPLE_NUM}/histories`, {}, TOKEN))).statusCode, 500, 'v2 names it in the path')
})

t.test('a delay holds the request, then it is served or answered', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, delay_ms: 150, times: 1 }))
  let started = performance.now()
  const slow = await app.inject(detail)
  t.equal(slow.statusCode, 200, 'served after the delay')
  t.ok(performance.now() - started >= 145, 'not before the delay')
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, delay_ms: 100, status: 503, times: 1 }))
  started = performance.now()
  const slowError = await app.inject(detail)
  t.equal(slowError.statusCode, 503)
  t.ok(performance.now() - started >= 95)
  const entry = (await app.inject({ url: '/__admin/requests?limit=2' })).json().data.requests
  t.ok(entry[1].duration_ms >= 145, 'the journal shows the time it took')
})

t.test('closing the app ends delays at once, so in-flight requests finish', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, delay_ms: 300_000 }))
  const pending = app.inject(detail)
  await new Promise(resolve => setTimeout(resolve, 20))
  await app.close()
  t.equal((await pending).statusCode, 200)
})

t.test('a drop closes the connection with no response, and is journaled', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, drop: true, times: 1 }))
  await t.rejects(fetch(base + DETAIL, { headers: TOKEN }), { message: 'fetch failed' })
  t.equal((await fetch(base + DETAIL, { headers: TOKEN })).status, 200, 'the next one is served')
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, drop: true, delay_ms: 50, times: 1 }))
  await t.rejects(fetch(base + DETAIL, { headers: TOKEN }), { message: 'fetch failed' }, 'after a delay')
  const requests = (await app.inject({ url: '/__admin/requests' })).json().data.requests
  t.same(requests.map((r: { status: number | null, error_code: string | null, fault_id: string | null }) => [r.status, r.error_code, r.fault_id]),
    [[null, null, 'fault-2'], [200, 'GOM.00000000', null], [null, null, 'fault-1']], 'each request once; drops with no status')
})

t.test('bad faults are refused, naming the field and the rule', async t => {
  const { app } = await build(t, { tickets: 0 })
  const cases: Array<[unknown, RegExp]> = [
    [{ path: '/v1/*', status: 500 }, /^method: is required$/],
    [{ method: 'FETCH', path: '/v1/*', status: 500 }, /^method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, \*$/],
    [{ method: 'GET', path: 'v1', status: 500 }, /^path: must be a path starting with \//],
    [{ method: 'GET', path: '/v1/*/x', status: 500 }, /^path: must be a path/],
    [{ method: 'GET', path: '/__admin/reset', status: 500 }, /^path: faults apply to the COC API/],
    [{ method: 'GET', path: '/openapi.json', status: 500 }, /^path: faults apply to the COC API/],
    [{ method: 'GET', path: '/v1/*' }, /^request body: a fault needs delay_ms, status or drop$/],
    [{ method: 'GET', path: '/v1/*', status: 200 }, /^status: must be >= 400$/],
    [{ method: 'GET', path: '/v1/*', status: 600 }, /^status: must be <= 599$/],
    [{ method: 'GET', path: '/v1/*', drop: true, status: 500 }, /^drop: a dropped connection sends no status/],
    [{ method: 'GET', path: '/v1/*', error_code: 'X' }, /^status: is required with error_code or error_msg$/],
    [{ method: 'GET', path: '/v1/*', delay_ms: -1 }, /^delay_ms: must be >= 0$/],
    [{ method: 'GET', path: '/v1/*', delay_ms: 300_001 }, /^delay_ms: must be <= 300000$/],
    [{ method: 'GET', path: '/v1/*', status: 500, times: 0 }, /^times: must be >= 1$/],
    [{ method: 'GET', path: '/v1/*', status: 500, delay: 5 }, /^delay: unknown field; allowed: method, path, incident_num/]
  ]
  for (const [body, message] of cases) {
    const res = await app.inject(json('POST', '/__admin/faults', body))
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.match(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: message }, JSON.stringify(body))
  }
  t.same((await app.inject({ url: '/__admin/faults' })).json().data, [], 'nothing was added')
})

t.test('a client that gives up during a delay leaves the emulator serving', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: DETAIL, delay_ms: 200, status: 500, times: 1 }))
  await t.rejects(fetch(base + DETAIL, { headers: TOKEN, signal: AbortSignal.timeout(50) }))
  await new Promise(resolve => setTimeout(resolve, 250))
  const res = await fetch(base + DETAIL, { headers: TOKEN })
  t.equal(res.status, 200)
  t.same((await app.inject({ url: '/__admin/faults' })).json().data, [], 'the fault was used by the request that gave up')
})
