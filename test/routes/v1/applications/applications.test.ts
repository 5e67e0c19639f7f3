import Database from 'better-sqlite3'
import t from 'tap'
import { createApplicationService } from '../../../../src/application/service.js'
import { openApplicationStore } from '../../../../src/stores/application-store.js'
import { json, setup, TOKEN } from '../../../support/helper.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }
const SEEDED = '64a1f3c2e4b0a17d9c3e5f21'

t.test('the fixture applications are the seeded registry, in the default domain only', async t => {
  const { app } = await setup(t)
  const res = await app.inject({ url: '/v1/applications', headers: TOKEN })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body, { provider_code: '049', error_code: 'GOM.00000000', error_msg: null })
  t.same(body.data.map((a: { id: string }) => a.id), [...app.fixtures.applications.keys()], 'every fixture id, in fixture order')
  t.same(body.data.find((a: { id: string }) => a.id === SEEDED), {
    id: SEEDED, name: 'order-center', code: 'order-center', domain_id: 'coc-dev-domain', parent_id: '', description: '',
    path: `/${SEEDED}`, is_collection: false, create_time: '1704067200000', update_time: '1704067200000'
  })
  const other = await app.inject({ url: '/v1/applications', headers: OTHER })
  t.same(other.json().data, [], 'another domain has none')
})

t.test('the Terraform flow: create, read back by id_list, update, delete, gone', async t => {
  const { app } = await setup(t)
  app.clock.set({ frozen_at: 1_767_225_600_000 })
  const created = await app.inject(json('POST', '/v1/applications', { name: 'checkout', description: 'the checkout service' }, TOKEN))
  t.equal(created.statusCode, 200)
  const id = created.json().data.id as string
  t.match(id, /^[0-9a-f]{24}$/, 'an id in the seeded ids\' shape')
  const read = async (headers = TOKEN) => (await app.inject({ url: `/v1/applications?id_list=${id}&limit=1`, headers })).json().data
  t.same(await read(), [{
    id, name: 'checkout', code: 'APP00000009', domain_id: 'coc-dev-domain', parent_id: '', description: 'the checkout service',
    path: `/${id}`, is_collection: false, create_time: '1767225600000', update_time: '1767225600000'
  }], 'times are strings')
  t.same(await read(OTHER), [], 'another domain does not see it')
  t.equal((await app.inject(json('PUT', `/v1/applications/${id}`, { name: 'checkout', description: 'x' }, OTHER))).json().error_code, 'common.00000400', 'nor update it')

  app.clock.set({ frozen_at: 1_767_225_660_000 })
  const updated = await app.inject(json('PUT', `/v1/applications/${id}`, { name: 'checkout-v2', description: '', is_collection: true }, TOKEN))
  t.equal(updated.statusCode, 200)
  t.equal(updated.json().data.id, id)
  t.match((await read())[0], { name: 'checkout-v2', description: '', is_collection: true, create_time: '1767225600000', update_time: '1767225660000' })

  const otherDelete = await app.inject(json('DELETE', `/v1/applications/${id}`, undefined, OTHER))
  t.match(otherDelete, { statusCode: 400 })
  t.same(otherDelete.json(), { provider_code: '049', error_code: 'common.00000400', error_msg: `id: no application [${id}] exists`, data: null })
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/applications/${id}`, headers: { ...TOKEN, 'content-type': 'application/json' } })
  t.equal(deleted.statusCode, 200)
  t.same(deleted.json().data, null)
  t.same(await read(), [], 'gone from the list')
  const again = await app.inject({ method: 'DELETE', url: `/v1/applications/${id}`, headers: TOKEN })
  t.match(again, { statusCode: 400 })
  t.equal(again.json().error_code, 'common.00000400', 'a second delete: the code the provider reads as gone')
})

t.test('the list filters and pages by marker', async t => {
  const { app } = await setup(t)
  const make = async (body: object) => (await app.inject(json('POST', '/v1/applications', body, TOKEN))).json().data.id as string
  const parent = await make({ name: 'shop' })
  const child = await make({ name: 'shop-cart', parent_id: parent })
  const list = async (query: string) => (await app.inject({ url: `/v1/applications?${query}`, headers: TOKEN })).json().data.map((a: { id: string }) => a.id)
  t.same(await list(`parent_id=${parent}`), [child])
  t.equal((await app.inject({ url: `/v1/applications?id_list=${child}`, headers: TOKEN })).json().data[0].path, `/${parent}/${child}`, 'the path runs from the root')
  t.same(await list('name_like=shop'), [parent, child])
  t.same(await list('name_like=%25'), [], 'name_like matches % as itself')
  t.same(await list(`id_list=${parent}&id_list=${SEEDED}`), [SEEDED, parent], 'repeated id_list')
  t.same(await list(`id_list=${parent},${child}`), [parent, child], 'comma-separated id_list')
  t.same(await list('code=order-center'), [SEEDED])
  const all = await list('limit=100')
  const pages: string[] = []
  let marker = ''
  for (let i = 0; i < 10; i++) {
    const page = await list(`limit=3${marker === '' ? '' : `&marker=${marker}`}`)
    if (page.length === 0) break
    pages.push(...page)
    marker = page.at(-1)
  }
  t.same(pages, all, 'marker paging, as the provider\'s data source reads it, visits every application once')
  t.same(await list('marker=unknown'), [], 'an unknown marker ends the paging')
})

t.test('refusals name the field and the rule', async t => {
  const { app } = await setup(t)
  const cases: Array<[string, Parameters<typeof json>, number, string, RegExp]> = [
    ['no name', ['POST', '/v1/applications', { description: 'x' }, TOKEN], 400, 'GOM.00007256', /name/],
    ['long name', ['POST', '/v1/applications', { name: 'x'.repeat(256) }, TOKEN], 400, 'GOM.00007256', /name: must NOT have more than 255/],
    ['unknown parent', ['POST', '/v1/applications', { name: 'a', parent_id: 'nope' }, TOKEN], 400, 'GOM.00007256', /^parent_id: no application \[nope\]/],
    ['taken name', ['POST', '/v1/applications', { name: 'order-center' }, TOKEN], 400, 'GOM.00007256', /^name: an application named \[order-center\] already exists at the top level/],
    ['bad is_collection', ['PUT', `/v1/applications/${SEEDED}`, { is_collection: 'maybe' }, TOKEN], 400, 'GOM.00007256', /is_collection/],
    ['rename onto a sibling', ['PUT', `/v1/applications/${SEEDED}`, { name: 'COC' }, TOKEN], 400, 'GOM.00007256', /^name: an application named \[COC\]/],
    ['unknown id', ['PUT', '/v1/applications/nope', { name: 'a' }, TOKEN], 400, 'common.00000400', /^id: no application \[nope\] exists$/],
    ['limit 0', ['GET', '/v1/applications?limit=0', undefined, TOKEN], 400, 'GOM.00007256', /limit/],
    ['no credentials', ['POST', '/v1/applications', { name: 'a' }], 400, 'GOM.00004010', /./]
  ]
  for (const [name, request, status, code, message] of cases) {
    const res = await app.inject(json(...request))
    t.equal(res.statusCode, status, name)
    t.match(res.json(), { provider_code: '049', error_code: code, error_msg: message, data: null }, name)
  }
  const parent = (await app.inject(json('POST', '/v1/applications', { name: 'p' }, TOKEN))).json().data.id
  await app.inject(json('POST', '/v1/applications', { name: 'c', parent_id: parent }, TOKEN))
  const sibling = await app.inject(json('POST', '/v1/applications', { name: 'c', parent_id: parent }, TOKEN))
  t.match(sibling.json(), { error_code: 'GOM.00007256', error_msg: `name: an application named [c] already exists under [${parent}]` }, 'names are unique among siblings')
  const child = (await app.inject({ url: `/v1/applications?parent_id=${parent}`, headers: TOKEN })).json().data[0]
  t.equal((await app.inject(json('PUT', `/v1/applications/${child.id}`, { description: 'only the description' }, TOKEN))).statusCode, 200)
  t.match((await app.inject({ url: `/v1/applications?id_list=${child.id}`, headers: TOKEN })).json().data[0], { name: 'c', description: 'only the description' }, 'what an update leaves out stays')
  const refused = await app.inject(json('DELETE', `/v1/applications/${parent}`, undefined, TOKEN))
  t.match(refused.json(), { error_code: 'GOM.00007257', error_msg: /has child applications/ }, 'a parent is deleted after its children')
  const renamed = await app.inject(json('PUT', `/v1/applications/${SEEDED}`, { name: 'order-center' }, TOKEN))
  t.equal(renamed.statusCode, 200, 'keeping its own name is no clash')
})

t.test('tickets show the registry\'s names, in their own domain, and follow renames', async t => {
  const { app, post, create, detail } = await setup(t)
  const id = (await app.inject(json('POST', '/v1/applications', { name: 'billing' }, TOKEN))).json().data.id
  const num = await create({ ...(await import('../../../support/helper.js')).CREATE_BODY, current_cloud_service: [id] })
  const entry = async () => (await detail(num)).enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'current_cloud_service_id')
  t.same(await entry(), { filed_key: 'current_cloud_service_id', enum_key: id, name_zh: 'billing', name_en: 'billing' })
  await app.inject(json('PUT', `/v1/applications/${id}`, { name: 'billing-v2' }, TOKEN))
  t.equal((await entry()).name_en, 'billing-v2', 'a cached detail follows a rename')
  const v2 = await post('/v2/incidents/list', { string_filters: [{ name: 'ticket_id', operator: '=', field: 'ticket_id', values: [num] }] })
  t.ok(JSON.stringify(v2.json()).includes('billing-v2'), 'the v2 list shows the same names')
  await app.inject(json('DELETE', `/v1/applications/${id}`, undefined, TOKEN))
  t.equal((await entry()).name_en, id, 'a deleted application is shown by its id')
  const after = await post('/v2/incidents/list', { string_filters: [{ name: 'ticket_id', operator: '=', field: 'ticket_id', values: [num] }] })
  t.notOk(JSON.stringify(after.json()).includes('billing'), 'nor does the v2 list keep the deleted name')

  const foreign = (await app.inject(json('POST', '/v1/applications', { name: 'theirs' }, OTHER))).json().data.id
  const mine = await create({ ...(await import('../../../support/helper.js')).CREATE_BODY, current_cloud_service: [foreign] })
  const shown = (await detail(mine)).enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'current_cloud_service_id')
  t.equal(shown.name_en, foreign, 'another domain\'s application name is not revealed')
})

t.test('/__admin/reset brings back the seeded registry', async t => {
  const { app } = await setup(t)
  await app.inject(json('POST', '/v1/applications', { name: 'temp' }, TOKEN))
  await app.inject(json('DELETE', `/v1/applications/${SEEDED}`, undefined, TOKEN))
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })).statusCode, 200)
  const ids = (await app.inject({ url: '/v1/applications', headers: TOKEN })).json().data.map((a: { id: string }) => a.id)
  t.same(ids, [...app.fixtures.applications.keys()])
})

t.test('the names views show are read from the registry once, until an application is written', async t => {
  const db = new Database(':memory:')
  t.teardown(() => db.close())
  const store = openApplicationStore(db)
  const find = store.find.bind(store)
  let reads = 0
  store.find = id => { reads++; return find(id) }
  const service = createApplicationService(store, () => 0)
  const principal = { domainId: 'd1', userId: 'u1' }
  const id = service.create(principal, { name: 'billing' }).id
  reads = 0
  t.same(service.names.get(id, 'd1'), { id, name_en: 'billing', name_zh: 'billing' })
  t.same(service.names.get(id, 'd1'), { id, name_en: 'billing', name_zh: 'billing' })
  t.equal(service.names.get(id, 'd2'), undefined, 'not another domain\'s')
  t.equal(service.names.get('nothing', 'd1'), undefined)
  t.equal(service.names.get('nothing', 'd1'), undefined)
  t.equal(reads, 2, 'one read per id, a miss included')
  service.update(principal, id, { name: 'billing-v2' })
  t.equal(service.names.get(id, 'd1')?.name_en, 'billing-v2', 'a write drops the kept names')
  for (let i = 0; i < 10_001; i++) service.names.get(`n${i}`, 'd1')
  t.equal(service.names.get(id, 'd1')?.name_en, 'billing-v2', 'and so does a full cache')
})
