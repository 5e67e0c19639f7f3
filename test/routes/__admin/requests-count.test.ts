import t from 'tap'
import { build, EXAMPLE_NUM, json, TOKEN } from '../../support/helper.js'

t.test('POST /__admin/requests/count: the filter of GET /__admin/requests, as a body', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  await app.inject({ url: '/v1/external/incident/IM-NONE', headers: TOKEN })
  await app.inject(json('POST', '/v2/incidents/list', {}, TOKEN))
  const count = async (filter: unknown) => (await app.inject(json('POST', '/__admin/requests/count', filter))).json()
  t.same(await count({}), { provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data: { count: 4 } })
  t.match(await count({ method: 'GET' }), { data: { count: 3 } })
  t.match(await count({ path: '/v1/*' }), { data: { count: 3 } })
  t.match(await count({ incident_num: EXAMPLE_NUM }), { data: { count: 2 } })
  t.match(await count({ method: 'POST', path: '/v2/incidents/list' }), { data: { count: 1 } })
  t.match(await count({ method: 'DELETE' }), { data: { count: 0 } })
  t.match(await count({ method: 'GET', limit: 5 }), { error_code: 'GOM.00007256', error_msg: 'limit: unknown field; allowed: method, path, incident_num' })
  const bad = await app.inject(json('POST', '/__admin/requests/count', { method: 'FETCH' }))
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error_code: 'GOM.00007256', error_msg: /^method: / })
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  t.ok(doc.paths['/__admin/requests/count']?.post, 'the route is in the API document')
})
