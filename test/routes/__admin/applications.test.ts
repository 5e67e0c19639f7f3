import t from 'tap'
import { json, setup, TOKEN } from '../../support/helper.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }

t.test('POST /__admin/applications inserts in any domain, all or none, and returns them', async t => {
  const { app } = await setup(t)
  app.clock.set({ frozen_at: 1_767_225_600_000 })
  const res = await app.inject(json('POST', '/__admin/applications', {
    applications: [
      { id: 'app-other-1', name: 'theirs', name_zh: '他们的', domain_id: 'coc-other-domain', code: 'THEIRS', description: 'd', is_collection: true },
      { name: 'ours' }
    ]
  }))
  t.equal(res.statusCode, 200, res.body)
  const { applications, total } = res.json().data
  t.equal(total, 2)
  t.same(applications[0], {
    id: 'app-other-1', name: 'theirs', name_zh: '他们的', code: 'THEIRS', domain_id: 'coc-other-domain', parent_id: '', description: 'd',
    path: '/app-other-1', is_collection: true, create_time: '1767225600000', update_time: '1767225600000'
  })
  t.match(applications[1], { name: 'ours', name_zh: 'ours', domain_id: 'coc-dev-domain', id: /^[0-9a-f]{24}$/ })
  const theirs = (await app.inject({ url: '/v1/applications?id_list=app-other-1', headers: OTHER })).json().data
  t.equal(theirs.length, 1, 'the other domain sees its application')
  t.same((await app.inject({ url: '/v1/applications?id_list=app-other-1', headers: TOKEN })).json().data, [], 'the default domain does not')

  const before = (await app.inject({ url: '/__admin/applications?limit=1000' })).json().data.total
  const refused = await app.inject(json('POST', '/__admin/applications', { applications: [{ name: 'fine' }, { id: 'app-other-1', name: 'dup' }] }))
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { error_code: 'GOM.00004090', error_msg: 'id: an application [app-other-1] already exists' })
  t.equal((await app.inject({ url: '/__admin/applications?limit=1000' })).json().data.total, before, 'none of them was inserted')
  const unknown = await app.inject(json('POST', '/__admin/applications', { applications: [{ name: 'x', colour: 'red' }] }))
  t.match(unknown.json(), { error_code: 'GOM.00007256', error_msg: /^applications\[0\]\.colour: unknown field/ })
})

t.test('GET /__admin/applications lists every domain or one, by marker; DELETE removes any', async t => {
  const { app } = await setup(t)
  await app.inject(json('POST', '/__admin/applications', { applications: [{ id: 'o1', name: 'o1', domain_id: 'coc-other-domain' }] }))
  const all = (await app.inject({ url: '/__admin/applications' })).json().data
  t.equal(all.total, app.fixtures.applications.size + 1)
  const other = (await app.inject({ url: '/__admin/applications?domain_id=coc-other-domain' })).json().data
  t.same(other.applications.map((a: { id: string }) => a.id), ['o1'])
  const first = [...app.fixtures.applications.keys()][0]!
  const next = (await app.inject({ url: `/__admin/applications?limit=2&marker=${first}` })).json().data.applications
  t.same(next.map((a: { id: string }) => a.id), [...app.fixtures.applications.keys()].slice(1, 3))
  t.equal((await app.inject({ url: `/__admin/applications?limit=2&marker=${first}` })).json().data.total, app.fixtures.applications.size + 1, 'total counts them all')
  t.equal(other.total, 1)
  const deleted = await app.inject({ method: 'DELETE', url: '/__admin/applications/o1' })
  t.same(deleted.json().data, { id: 'o1' })
  const again = await app.inject({ method: 'DELETE', url: '/__admin/applications/o1' })
  t.equal(again.statusCode, 404)
  t.match(again.json(), { error_code: 'GOM.00004040', error_msg: 'id: no application [o1] in any domain' })
})
