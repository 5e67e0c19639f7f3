import t from 'tap'
import { build, CREATE_BODY, EXAMPLE_NUM, json, TOKEN } from '../../support/helper.js'

t.test('the journal records COC calls with status, error code, ticket and domain; never admin calls', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject({ url: '/__admin/health' })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}?lang=en`, headers: { ...TOKEN, 'x-request-id': 'detail-1' } })
  const created = (await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))).json().data.incident_num
  await app.inject(json('POST', '/v1/external/incident/handle', { incident_num: created, operator: 'u', operate_key: 'nope' }, TOKEN))
  await app.inject(json('POST', '/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', operator: '=', values: [created] }] }, TOKEN))
  await app.inject({ url: '/v1/no/such/route' })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}` })
  await app.inject({ url: '/openapi.json' })

  const res = await app.inject({ url: '/__admin/requests' })
  t.equal(res.statusCode, 200)
  const { requests, total, capacity, dropped } = res.json().data
  t.equal(total, 6, 'health, openapi.json and this call are not journaled')
  t.equal(capacity, 1000)
  t.equal(dropped, 0)
  t.same(requests.map((r: { method: string, path: string, status: number, error_code: string }) => [r.method, r.path, r.status, r.error_code]), [
    ['GET', `/v1/external/incident/${EXAMPLE_NUM}`, 400, 'GOM.00004010'],
    ['GET', '/v1/no/such/route', 404, 'GOM.00004040'],
    ['POST', '/v1/incident/list-histories', 200, 'GOM.00000000'],
    ['POST', '/v1/external/incident/handle', 400, 'GOM.00007256'],
    ['POST', '/v1/external/incident/create', 200, 'GOM.00000000'],
    ['GET', `/v1/external/incident/${EXAMPLE_NUM}`, 200, 'GOM.00000000']
  ])
  const detail = requests[5]
  t.match(detail, { request_id: 'detail-1', query: 'lang=en', incident_num: EXAMPLE_NUM, domain_id: 'coc-dev-domain', body: null, fault_id: null })
  t.equal(detail.headers['x-auth-token'], '[redacted]')
  t.type(detail.duration_ms, 'number')
  t.type(detail.time, 'number')
  t.same(requests[4].body, CREATE_BODY, 'the body as sent')
  t.equal(requests[4].incident_num, created, 'a create is filed under the ticket it made')
  t.equal(requests[3].incident_num, created, 'a handle under the ticket of its body')
  t.equal(requests[2].incident_num, created, 'a history query under its ticket_id filter')
  t.equal(requests[0].domain_id, null, 'refused credentials: no domain')

  const byTicket = await app.inject({ url: `/__admin/requests?incident_num=${created}&method=POST` })
  t.equal(byTicket.json().data.total, 3)
  const byPath = await app.inject({ url: '/__admin/requests?path=/v1/external/*&limit=1' })
  t.equal(byPath.json().data.total, 4)
  t.equal(byPath.json().data.requests.length, 1)

  const cleared = await app.inject({ method: 'DELETE', url: '/__admin/requests' })
  t.equal(cleared.statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/requests' })).json().data.total, 0)
})

t.test('the journal records the domain of each request', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: { 'x-auth-token': 'dev-token-other' } })
  const [entry] = (await app.inject({ url: '/__admin/requests' })).json().data.requests
  t.equal(entry.domain_id, 'coc-other-domain')
  t.equal(entry.error_code, 'COC.00067003')
})

t.test('the journal size is configurable; 0 turns it off', async t => {
  const small = await build(t, { tickets: 0, journalSize: 2 })
  for (let i = 0; i < 3; i++) await small.app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  t.match((await small.app.inject({ url: '/__admin/requests' })).json().data, { total: 2, capacity: 2, dropped: 1 })
  const off = await build(t, { tickets: 0, journalSize: 0 })
  await off.app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  t.match((await off.app.inject({ url: '/__admin/requests' })).json().data, { total: 0, capacity: 0 })
})

t.test('bad journal queries are refused, naming the parameter', async t => {
  const { app } = await build(t, { tickets: 0 })
  const cases: Array<[string, RegExp]> = [
    ['method=FETCH', /^method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS$/],
    ['path=v1', /^path: must be a path starting with \/, or a prefix ending in \*/],
    ['path=/v1/*/x', /^path: must be a path starting with/],
    ['limit=0', /^limit: must be >= 1$/]
  ]
  for (const [query, message] of cases) {
    const res = await app.inject({ url: `/__admin/requests?${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: message })
  }
})
