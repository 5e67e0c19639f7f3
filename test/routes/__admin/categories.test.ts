import { join } from 'node:path'
import t from 'tap'
import { loadFixtures } from '../../../src/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from '../../../src/paths.js'
import { openIncidentStore } from '../../../src/stores/incident-store.js'
import { CREATE_BODY, EXAMPLE_NUM, json, OPERATOR, setup } from '../../support/helper.js'

const CAPACITY = { key: 'inc_type_p_capacity_issues', name_en: 'capacity issues', name_zh: '容量问题' }
const PRESETS = ['inc_type_p_security_issues', 'inc_type_p_function_issues', 'inc_type_p_reliability_issues',
  'inc_type_p_config_issues', 'inc_type_p_change_issues', 'inc_type_p_middleware_issues']

t.test('the six presets are registered; an inserted category is accepted on create, handle and the v2 list, and shown by name', async t => {
  const api = await setup(t)
  const { app, post } = api
  const listed = (await app.inject({ url: '/__admin/categories' })).json().data.categories
  t.same(listed.map((c: { key: string }) => c.key), PRESETS)
  t.ok(listed.every((c: { origin: string }) => c.origin === 'preset'))
  t.match(listed[0], { key: 'inc_type_p_security_issues', name_en: 'Security issues', name_zh: '安全问题' })

  const refused = await post('/v1/external/incident/create', { ...CREATE_BODY, incident_type: CAPACITY.key })
  t.equal(refused.statusCode, 400, 'not registered yet')
  t.equal(refused.json().error_code, 'GOM.00007256')
  t.equal(refused.json().error_msg, `incident_type: must be one of ${PRESETS.join(', ')} (the registered incident categories); [${CAPACITY.key}] is not registered`)

  const added = await app.inject(json('POST', '/__admin/categories', { categories: [CAPACITY] }))
  t.equal(added.statusCode, 200)
  t.same(added.json().data.categories, [{ ...CAPACITY, origin: 'inserted' }])
  t.same((await app.inject({ url: '/__admin/categories' })).json().data.categories.at(-1), { ...CAPACITY, origin: 'inserted' })

  const num = await api.create({ ...CREATE_BODY, incident_type: CAPACITY.key })
  const detail = await api.detail(num)
  t.equal(detail.incident_type, CAPACITY.key)
  t.same(detail.enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'mtm_type'),
    { filed_key: 'mtm_type', enum_key: CAPACITY.key, name_zh: '容量问题', name_en: 'capacity issues' })

  const list = await post('/v2/incidents/list', { string_filters: [{ field: 'mtm_type', operator: '=', values: [CAPACITY.key] }], page: 1, per_page: 10 })
  t.equal(list.statusCode, 200)
  const tickets = list.json().data.tickets
  t.same(tickets.map((ticket: { ticket_id: string }) => ticket.ticket_id), [num])
  t.same(tickets[0].enum_data_list.find((e: { prop_id: string }) => e.prop_id === 'mtm_type'), { prop_id: 'mtm_type', biz_id: CAPACITY.key, name_zh: '容量问题', name_en: 'capacity issues' })
  const badFilter = await post('/v2/incidents/list', { string_filters: [{ field: 'mtm_type', operator: 'in', values: [CAPACITY.key, 'inc_type_p_nope'] }], page: 1, per_page: 10 })
  t.equal(badFilter.statusCode, 400)
  t.match(badFilter.json().error_msg, /^string_filters\[0\]\.values\[1\]: must be one of inc_type_p_security_issues, .*inc_type_p_capacity_issues \(the registered incident categories\); \[inc_type_p_nope\] is not registered$/)
  const pattern = await post('/v2/incidents/list', { string_filters: [{ field: 'mtm_type', operator: 'like', values: ['capacity'] }], page: 1, per_page: 10 })
  t.same(pattern.json().data.tickets.map((ticket: { ticket_id: string }) => ticket.ticket_id), [num], 'a pattern is no category name')

  t.equal((await api.handle(num, 'acceptedIncident1')).statusCode, 200)
  const unknownSolution = await api.handle(num, 'commitSolution1', { mtm_type: 'inc_type_p_nope', is_service_interrupt: false, cause: 'c', solution: 's' })
  t.equal(unknownSolution.statusCode, 400)
  t.match(unknownSolution.json().error_msg, /^parameter\.mtm_type: must be one of .*inc_type_p_capacity_issues .*\[inc_type_p_nope\] is not registered$/)
  const other = await api.create()
  t.equal((await api.handle(other, 'acceptedIncident1')).statusCode, 200)
  const solved = await api.handle(other, 'commitSolution1', { mtm_type: CAPACITY.key, is_service_interrupt: false, cause: 'c', solution: 's' }, OPERATOR)
  t.equal(solved.statusCode, 200)
  t.equal((await api.detail(other)).incident_type, CAPACITY.key)
})

t.test('inserts are all or none, and refused by name', async t => {
  const { app } = await setup(t)
  const insert = (body: unknown) => app.inject(json('POST', '/__admin/categories', body))
  const count = async () => (await app.inject({ url: '/__admin/categories' })).json().data.categories.length

  const twice = await insert({ categories: [CAPACITY, { ...CAPACITY, name_en: 'again' }] })
  t.equal(twice.statusCode, 400)
  t.equal(twice.json().error_msg, 'categories[1].key: [inc_type_p_capacity_issues] is given twice')
  const preset = await insert({ categories: [CAPACITY, { key: 'inc_type_p_config_issues', name_en: 'c', name_zh: 'c' }] })
  t.equal(preset.statusCode, 409)
  t.equal(preset.json().error_code, 'GOM.00004090')
  t.equal(preset.json().error_msg, 'categories[1].key: [inc_type_p_config_issues] is registered already (preset)')
  t.equal(await count(), 6, 'nothing of a refused insert stays')

  const cases: Array<[unknown, RegExp]> = [
    [{ categories: [] }, /^categories: /],
    [{ categories: [{ key: 'a b', name_en: 'x', name_zh: 'x' }] }, /^categories\[0\]\.key: /],
    [{ categories: [{ key: 'k', name_en: '', name_zh: 'x' }] }, /^categories\[0\]\.name_en: /],
    [{ categories: [{ key: 'k', name_en: 'x' }] }, /^categories\[0\]\.name_zh: is required/],
    [{ categories: [{ ...CAPACITY, colour: 'red' }] }, /^categories\[0\]\.colour: unknown field/]
  ]
  for (const [body, message] of cases) {
    const res = await insert(body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.match(res.json().error_msg, message)
  }
  t.equal(await count(), 6)
})

t.test('DELETE removes an inserted category only; reset drops every inserted one', async t => {
  const api = await setup(t)
  const { app } = api
  await app.inject(json('POST', '/__admin/categories', { categories: [CAPACITY, { key: 'cat_b', name_en: 'b', name_zh: '乙' }] }))
  const num = await api.create({ ...CREATE_BODY, incident_type: 'cat_b' })

  const removed = await app.inject({ method: 'DELETE', url: '/__admin/categories/cat_b' })
  t.equal(removed.statusCode, 200)
  t.equal(removed.json().data, null)
  const detail = await api.detail(num)
  t.equal(detail.incident_type, 'cat_b', 'a ticket keeps a removed category')
  t.match(detail.enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'mtm_type'), { enum_key: 'cat_b', name_en: 'cat_b', name_zh: 'cat_b' }, 'shown by its key once its names are gone')
  t.equal((await api.post('/v1/external/incident/create', { ...CREATE_BODY, incident_type: 'cat_b' })).statusCode, 400)

  const again = await app.inject({ method: 'DELETE', url: '/__admin/categories/cat_b' })
  t.equal(again.statusCode, 404)
  t.equal(again.json().error_msg, 'key: no category [cat_b]')
  const preset = await app.inject({ method: 'DELETE', url: '/__admin/categories/inc_type_p_config_issues' })
  t.equal(preset.statusCode, 409)
  t.equal(preset.json().error_msg, 'key: [inc_type_p_config_issues] is a preset category; only inserted ones can be deleted')

  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })).statusCode, 200)
  t.same((await app.inject({ url: '/__admin/categories' })).json().data.categories.map((c: { key: string }) => c.key), PRESETS)
})

t.test('a ticket inserted with an unknown category is named once the category is registered (no stale cached detail)', async t => {
  const api = await setup(t)
  const { app } = api
  const ticket = { ...CREATE_BODY, incident_num: 'IM-CAT-1', incident_type: 'cat_late' }
  t.equal((await app.inject(json('POST', '/__admin/tickets', { tickets: [ticket] }))).statusCode, 200)
  const mtm = async () => (await api.detail('IM-CAT-1')).enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'mtm_type')
  t.match(await mtm(), { name_en: 'cat_late' })
  await app.inject(json('POST', '/__admin/categories', { categories: [{ key: 'cat_late', name_en: 'late', name_zh: '迟' }] }))
  t.match(await mtm(), { name_en: 'late', name_zh: '迟' })
  await app.inject({ method: 'DELETE', url: '/__admin/categories/cat_late' })
  t.match(await mtm(), { name_en: 'cat_late' })
  const seeded = await api.detail(EXAMPLE_NUM)
  t.equal(seeded.incident_num, EXAMPLE_NUM)
})

t.test('fixture categories join the presets (one may rename a preset); a --db file keeps inserted ones', async t => {
  const fixtures = loadFixtures(DEFAULT_FIXTURES_DIR, {
    categories: [{ key: 'cat_fixture', name_en: 'from fixtures', name_zh: '夹具' }, { key: 'inc_type_p_config_issues', name_en: 'Configuration', name_zh: '配置' }]
  })
  const file = join(t.testdir({}), 'coc.db')
  const first = await setup(t, { fixtures, store: openIncidentStore(file) })
  const listed = (await first.app.inject({ url: '/__admin/categories' })).json().data.categories
  t.same(listed.map((c: { key: string, origin: string }) => `${c.key}:${c.origin}`), [...PRESETS.map(key => `${key}:preset`), 'cat_fixture:fixture'])
  t.match(listed.find((c: { key: string }) => c.key === 'inc_type_p_config_issues'), { name_en: 'Configuration', name_zh: '配置' })
  t.equal((await first.post('/v1/external/incident/create', { ...CREATE_BODY, incident_type: 'cat_fixture' })).statusCode, 200)
  t.equal((await first.app.inject({ method: 'DELETE', url: '/__admin/categories/cat_fixture' })).statusCode, 409, 'fixture categories stay')
  await first.app.inject(json('POST', '/__admin/categories', { categories: [CAPACITY] }))
  await first.app.close()
  first.store.close()

  // The same file, started again without the fixture category: the inserted one is still there.
  const second = await setup(t, { store: openIncidentStore(file) })
  const keys = (await second.app.inject({ url: '/__admin/categories' })).json().data.categories.map((c: { key: string }) => c.key)
  t.same(keys, [...PRESETS, CAPACITY.key])
  t.equal((await second.post('/v1/external/incident/create', { ...CREATE_BODY, incident_type: CAPACITY.key })).statusCode, 200)
})

t.test('the dashboard\'s step forms offer the registered categories for mtm_type', async t => {
  const api = await setup(t)
  const { app } = api
  await app.inject(json('POST', '/__admin/categories', { categories: [CAPACITY] }))
  const num = await api.create()
  await api.handle(num, 'acceptedIncident1')
  const page = (await app.inject({ url: `/__admin/tickets/${num}` })).json().data
  const actions = page.actions as Array<{ action: string, params: { properties: Record<string, { enum?: string[] }> } }>
  const solve = actions.find(action => action.action === 'commitSolution')!
  t.same(solve.params.properties.mtm_type!.enum, [...PRESETS, CAPACITY.key])
  const remark = actions.find(action => action.action === 'addRemark')!
  t.notOk('mtm_type' in remark.params.properties)
  t.equal(remark.params.properties.note!.enum, undefined)
})
