import fastJson from 'fast-json-stringify'
import t from 'tap'
import type { Test } from 'tap'
import { createDetailView } from '../../src/incident/detail-cache.js'
import { entriesText } from '../../src/incident/views/detail-text.js'
import { success } from '../../src/errors.js'
import { IncidentDetailResponse, type IncidentRecord } from '../../src/schemas/incident.js'
import { createGenerator, generateTickets } from '../../src/seeds/generate.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { toDetail, type Directory } from '../../src/incident/views/detail.js'
import { fixtures, makeRecord } from '../support/helper.js'

// The first read of a ticket is put together from text SQLite writes; it must be the very bytes
// the schema's serialiser writes for the record, which is what the route sent before.
const serialize = fastJson(IncidentDetailResponse)
const expected = (record: IncidentRecord, directory: Directory): string => serialize(success(toDetail(record, directory)))

/** Every character SQLite can hold as text but surrogates, some in each string. */
const everyCharacter = Array.from({ length: 0x10000 }, (_, code) => code)
  .filter(code => code < 0xd800 || code > 0xdfff).map(code => String.fromCharCode(code)).join('') + '😀'

function bodiesAgree (t: Test, records: IncidentRecord[], directory: Directory = fixtures): void {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  store.insertMany(records)
  const view = createDetailView(store, directory, { maxEntries: 0 })
  let differ = 0
  for (const record of records) {
    if (view.body(record.domain_id, record.incident_num) !== expected(record, directory)) differ++
  }
  t.equal(differ, 0, `all ${records.length} bodies are the serialiser's bytes`)
}

t.test('generated and fixture tickets read the same bytes as through the serialiser', async t => {
  const generate = createGenerator(7, fixtures, 'coc-dev-domain')
  const fixtureTickets = fixtures.tickets.map(ticket => ({ ...ticket, domain_id: ticket.domain_id ?? 'coc-dev-domain' }))
  bodiesAgree(t, [...fixtureTickets, ...generateTickets(generate, 3000)])
})

t.test('optional members, empty and odd values, any character', async t => {
  const full = makeRecord({
    incident_num: 'IM-full',
    region: [''],
    enterprise_project: [],
    current_cloud_service: ['app001'],
    is_service_interrupt: true,
    start_time: 1704067000000,
    fault_recovery_time: 1704067100000,
    fault_delineation_time: 0,
    incident_ownership: 'ownership "x" \\ \n',
    incident_title: everyCharacter.slice(0, 200),
    incident_description: everyCharacter,
    incident_assignee: ['', 'u\u2028'],
    assignee_scene: '\u0000\u001f\u007f',
    warroom_id: '😀',
    handle_time: 1704067300000,
    create_time: Number.MAX_SAFE_INTEGER,
    creator: 'c"'
  })
  bodiesAgree(t, [
    full,
    makeRecord({ incident_num: 'IM-bare', current_cloud_service: [''], incident_assignee: [''], creator: '', status: '', incident_level: '' }),
    makeRecord({ incident_num: 'IM-only-ownership', incident_ownership: '' }),
    makeRecord({ incident_num: 'IM-only-delineation', fault_delineation_time: 5 }),
    // A verbatim list is written as the serialiser writes it: its members in its order, nothing else.
    makeRecord({
      incident_num: 'IM-verbatim',
      enum_data_list: [{ name_en: 'E', extra: 'dropped', name_zh: '中', enum_key: 'k', filed_key: 'f' } as never, { filed_key: '"', enum_key: '\\', name_zh: '\n', name_en: '' }]
    }),
    makeRecord({ incident_num: 'IM-verbatim-empty', enum_data_list: [] }),
    makeRecord({ incident_num: 'IM-other-domain', domain_id: 'd2', current_cloud_service: ['app001'] })
  ])
})

t.test('an application is named as the ticket\'s own domain names it', async t => {
  // The same application id, named in one domain only: each ticket shows its domain's answer.
  const directory: Directory = {
    users: fixtures.users,
    applications: { get: (id, domainId) => domainId === 'd1' ? { id, name_en: `app of ${domainId}`, name_zh: '应用' } as never : undefined }
  }
  bodiesAgree(t, [
    makeRecord({ incident_num: 'IM-app-d1', domain_id: 'd1', current_cloud_service: ['app-x'] }),
    makeRecord({ incident_num: 'IM-app-d2', domain_id: 'd2', current_cloud_service: ['app-x'] }),
    makeRecord({ incident_num: 'IM-app-d1-again', domain_id: 'd1', current_cloud_service: ['app-x'] })
  ], directory)
})

t.test('names come from the directory of the moment, not from the store', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const record = makeRecord({ incident_num: 'IM-named', creator: 'u1', incident_assignee: ['u1', 'u2'] })
  store.insertMany([record])
  const users = new Map([['u1', { user_id: 'u1', name: 'first', name_zh: '一' }]])
  let changed = (): void => {}
  const directory: Directory = { users, applications: { get: () => undefined } }
  const view = createDetailView(store, directory, { maxEntries: 10, directoryChanges: listener => { changed = listener } })
  t.equal(view.body('d1', 'IM-named'), expected(record, directory))
  t.equal(view.body('d2', 'IM-named'), undefined, 'another domain does not see it')
  t.equal(view.body('d1', 'IM-none'), undefined)
  users.set('u2', { user_id: 'u2', name: 'second', name_zh: '二' })
  changed()
  const body = view.body('d1', 'IM-named')!
  t.equal(body, expected(record, directory))
  t.match(body, /"name_en":"second"/, 'the new name shows once the directory reports its change')
})

t.test('serialised entries are the serialiser\'s list without its brackets', async t => {
  const item = (i: number) => ({ filed_key: 'f', enum_key: String(i), name_zh: '名"\n', name_en: 'n' })
  const many = Array.from({ length: 3 }, (_, i) => item(i))
  t.equal(`[${entriesText(many)}]`, JSON.stringify(many))
  t.equal(`[${entriesText([item(1)])}]`, JSON.stringify([item(1)]))
  t.equal(entriesText([]), '')
})

t.test('application and category names are looked up once until the directory changes', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const apps = new Map<string, { id: string, name_en: string, name_zh: string }>([['app1', { id: 'app1', name_en: 'one', name_zh: '一' }]])
  const categories = new Map([['inc_type_p_config_issues', { en: 'config', zh: '配置' }]])
  let lookups = 0
  const directory: Directory = {
    users: fixtures.users,
    applications: { get: id => { lookups++; return apps.get(id) } },
    categoryNames: { get: (key: string) => { lookups++; return categories.get(key) } } as unknown as Directory['categoryNames']
  }
  let changed = (): void => {}
  const view = createDetailView(store, directory, { maxEntries: 0, directoryChanges: listener => { changed = listener } })
  const records = [1, 2, 3].map(i => makeRecord({ incident_num: `IM-app-${i}`, current_cloud_service: ['app1'] }))
  store.insertMany(records)
  const before = records.map(record => expected(record, directory))
  lookups = 0
  for (const [i, record] of records.entries()) t.equal(view.body('d1', record.incident_num), before[i])
  t.equal(lookups, 2, 'one lookup of the application, one of the category')
  apps.set('app1', { id: 'app1', name_en: 'renamed', name_zh: '改' })
  categories.set('inc_type_p_config_issues', { en: 'config 2', zh: '配置二' })
  t.equal(view.body('d1', 'IM-app-1'), before[0], 'until a change is reported, the names read before')
  changed()
  t.match(view.body('d1', 'IM-app-1'), /"name_en":"renamed".*"name_en":"config 2"/, 'a reported change drops them')
  view.invalidate()
  categories.set('inc_type_p_config_issues', { en: 'config 3', zh: '配置三' })
  t.match(view.body('d1', 'IM-app-2'), /"name_en":"config 3"/, 'and so does invalidate')
  store.clear()
  t.equal(view.body('d1', 'IM-app-2'), undefined, 'and a cleared store')
})

t.test('kept names are bounded', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const n = 10_002
  store.insertMany(Array.from({ length: n }, (_, i) => makeRecord({ incident_num: `IM-many-${i}`, current_cloud_service: [`app-${i}`] })))
  let lookups = 0
  const directory: Directory = { users: fixtures.users, applications: { get: () => { lookups++; return undefined } } }
  const view = createDetailView(store, directory, { maxEntries: 0 })
  for (let i = 0; i < n; i++) view.body('d1', `IM-many-${i}`)
  view.body('d1', 'IM-many-0')
  t.equal(lookups, n + 1, 'the first names were dropped to keep the bound')
  t.equal(view.body('d1', 'IM-many-1'), expected(makeRecord({ incident_num: 'IM-many-1', current_cloud_service: ['app-1'] }), directory))
})
