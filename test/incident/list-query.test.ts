import t from 'tap'
import { checkListQuery, HISTORY_TABLE, INCIDENT_TABLE, LIST_LIMITS, needsScan } from '../../src/incident/list-query.js'
import { compareKeys, runListQuery, SCAN_SLICE } from '../../src/incident/list-scan.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { seedStore } from '../../src/seeds/seed.js'
import type { ListBody } from '../../src/schemas/v2.js'
import { build, fixtures, json, TOKEN } from '../support/helper.js'

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)
const body = (over: Partial<ListBody>): ListBody => ({ page: 1, per_page: 10, ...over })
const f = (field: string, operator: string, values: string[], name?: string) => ({ field, operator, values, ...(name === undefined ? {} : { name }) })

t.test('names that every object inherits are not fields, on every lookup keyed by client input', async t => {
  const { app } = await build(t, { tickets: 3 })
  t.ok(PROTOTYPE_NAMES.includes('toString') && PROTOTYPE_NAMES.includes('__proto__'))
  for (const name of PROTOTYPE_NAMES) {
    const filter = await app.inject(json('POST', '/v2/incidents/list', { string_filters: [f(name, '=', ['x'])] }, TOKEN))
    t.equal(filter.statusCode, 400, `v2 filter field ${name}`)
    t.match(filter.json().error_msg, `string_filters[0].field: [${name}] cannot be filtered`)
    const sort = await app.inject(json('POST', '/v2/incidents/list', { sort_filter: { field: name } }, TOKEN))
    t.match(sort.json().error_msg, `sort_filter.field: [${name}] cannot be sorted on`, `v2 sort field ${name}`)
    const history = await app.inject(json('POST', '/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: ['IM1'] }, { field: name, values: ['x'] }] }, TOKEN))
    t.match(history.json().error_msg, 'string_filters[1].field: must be one of ticket_id, action, operator', `history filter field ${name}`)
    const historySort = await app.inject(json('POST', '/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: ['IM1'] }], sort_filter: { field: name } }, TOKEN))
    t.match(historySort.json().error_msg, 'sort_filter.field: must be one of', `history sort field ${name}`)
    if (name === '__proto__') continue // refused as JSON by fastify's parser before any lookup
    const fault = await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/x', status: 500, [name]: 1 }))
    t.equal(fault.statusCode, 400, `admin unknown field ${name}`)
    t.match(fault.json().error_msg, `${name}: unknown field; allowed: `)
  }
})

t.test('category keys are checked wherever an exact filter on the category field stands, and only when asked', async t => {
  const asked: string[] = []
  const check = (field: string, key: string): void => { asked.push(`${field}=${key}`) }
  const query = body({
    string_filters: [f('mtm_type', '=', ['a']), f('mtm_type', 'in', ['b', 'c'], 'x'), f('mtm_type', 'like', ['pattern']), f('title', '=', ['not a category'])],
    condition: 'x',
    count_filters: [{ name: 'n', filters: [f('mtm_type', '!=', ['d']), f('mtm_type', 'startwith', ['pattern'])] }],
    group_by_filter: [{ field: 'mtm_type', operator: 'in', values: ['e'] }]
  })
  checkListQuery(query, INCIDENT_TABLE, check)
  t.same(asked, ['string_filters[0].values[0]=a', 'string_filters[1].values[0]=b', 'string_filters[1].values[1]=c',
    'count_filters[0].filters[0].values[0]=d', 'group_by_filter[0].values[0]=e'], 'exact filters only, in body order')
  asked.length = 0
  checkListQuery(query)
  t.same(asked, [], 'without a checker nothing is asked (the control plane reads any stored category)')
  checkListQuery(body({ string_filters: [f('action', '=', ['a'])], count_filters: [{ name: 'n', filters: [f('status', '=', ['s'])] }] }), HISTORY_TABLE, check)
  t.same(asked, [], 'history records have no category field')
})

t.test('a condition is bounded: terms are counted, each named filter is evaluated once', async t => {
  const terms = LIST_LIMITS.conditionTerms
  const over = Array.from({ length: terms + 1 }, () => 'a').join(' | ')
  t.throws(() => checkListQuery(body({ string_filters: [f('level_id', '=', ['x'], 'a')], condition: over })),
    { message: `condition: names filters ${terms + 1} times; at most ${terms}` })
  t.throws(() => checkListQuery(body({ string_filters: [f('title', 'like', Array.from({ length: 60 }, String)), f('assignee', 'in', Array.from({ length: 41 }, String))] })),
    { message: 'string_filters: 101 values of like, startwith, endwith or list-field filters; at most 100 in all' })
  // The largest condition the limits allow: 100 pattern values over 20 filters, named over and over.
  const values = Array.from({ length: 5 }, (_, i) => `v${i}`)
  const filters = Array.from({ length: 20 }, (_, i) => f('title', 'like', values, `n${i}`))
  const condition = Array.from({ length: terms }, (_, i) => `n${i % 20}`).join(' | ')
  const query = checkListQuery(body({ string_filters: filters, int_filters: Array.from({ length: 20 }, () => f('create_time', '>', ['0'])), condition }))
  t.equal(query.named.length, 20, 'twenty distinct filters, however often named')
  t.ok(needsScan(query))
  const { app } = await build(t, { tickets: 40 })
  const res = await app.inject(json('POST', '/v2/incidents/list', { string_filters: filters, condition, contain_total: true }, TOKEN))
  t.equal(res.statusCode, 200, 'each filter is compiled once')
  t.equal(res.json().data.total, 0)
})

t.test('a scanned query answers exactly what one SQL statement answers, in slices', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  seedStore(store, fixtures, { seed: 9, tickets: 3000 })
  let slices = 0
  const counting = { ...store, scan: (...args: Parameters<typeof store.scan>) => { slices++; return store.scan(...args) } }
  const shapes: Array<Partial<ListBody>> = [
    { string_filters: [f('title', 'like', ['a', 'e'])] },
    { string_filters: [f('assignee', 'like', ['1'])], sort_filter: { field: 'title', operator: 'asc' } },
    { string_filters: [f('description', 'like', ['o'])], sort_filter: { field: 'handle_time', operator: 'asc' }, per_page: 50, page: 3 },
    { string_filters: [f('mtm_region', '!=', ['cn-north-4'])], sort_filter: { field: 'start_time', operator: 'desc' }, per_page: 200, page: 2 }
  ]
  for (const shape of shapes) {
    const query = checkListQuery(body({ ...shape, contain_total: true }))
    t.ok(needsScan(query))
    slices = 0
    const scanned = await runListQuery(counting, 'coc-dev-domain', query)
    t.ok(slices > 1, `${JSON.stringify(shape)}: answered in ${slices} slices`)
    const direct = store.list('coc-dev-domain', query)
    t.ok(direct.total! > 0, 'the shape finds tickets')
    t.equal(scanned.total, direct.total, 'the same total')
    t.same(scanned.records.map(r => r.incident_num), direct.records.map(r => r.incident_num), 'the same page, in the same order')
  }
  // A condition: what the scan finds, checked ticket by ticket against the filters' own answers.
  const withCondition = checkListQuery(body({ string_filters: [f('level_id', '=', ['level_10'], 'a'), f('title', 'like', ['e'], 'b'), f('is_service_interrupt', '=', ['true'], 'c')], condition: '(a | b) & c', per_page: 200, contain_total: true }))
  const answer = await runListQuery(store, 'coc-dev-domain', withCondition)
  const each = (filters: object[]) => store.list('coc-dev-domain', checkListQuery(body({ string_filters: filters as ListBody['string_filters'], per_page: 200, contain_total: true }))).total!
  t.equal(answer.total, each([f('level_id', '=', ['level_10']), f('is_service_interrupt', '=', ['true'])]) +
    each([f('title', 'like', ['e']), f('is_service_interrupt', '=', ['true'])]) -
    each([f('level_id', '=', ['level_10']), f('title', 'like', ['e']), f('is_service_interrupt', '=', ['true'])]), '(a | b) & c counted by inclusion and exclusion')
  t.ok(SCAN_SLICE.minRows < SCAN_SLICE.firstRows && SCAN_SLICE.firstRows < SCAN_SLICE.maxRows)
  const [first] = direct0(store)
  t.same(store.recordsOf('coc-dev-domain', ['IM-GONE', first!, 'IM-GONE-TOO']).map(r => r.incident_num), [first], 'a ticket deleted while a scan ran is left out of its page')
  t.same(store.recordsOf('another-domain', [first!]), [], 'and another domain\'s ticket is not found')
})

function direct0 (store: ReturnType<typeof openIncidentStore>): string[] {
  return store.list('coc-dev-domain', checkListQuery(body({}))).records.map(r => r.incident_num)
}

t.test('a scan of an empty store finds nothing', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  t.equal(store.maxId(), 0)
  t.same(await runListQuery(store, 'coc-dev-domain', checkListQuery(body({ string_filters: [f('title', 'like', ['x'])], contain_total: true }))), { records: [], total: 0 })
})

t.test('sort keys compare as SQLite does', async t => {
  t.ok(compareKeys(null, 0) < 0, 'NULL first')
  t.ok(compareKeys(0, null) > 0)
  t.equal(compareKeys(null, null), 0)
  t.ok(compareKeys(2, 10) < 0, 'numbers by value')
  t.ok(compareKeys('B', 'a') < 0, 'text by code point')
  t.ok(compareKeys('\u{FF5E}', '\u{1F600}') < 0, 'U+FF5E before U+1F600, unlike UTF-16 order')
  t.ok('\u{FF5E}' > '\u{1F600}', '(which JavaScript\'s < gets the other way round)')
  t.ok(compareKeys('\u{1F600}a', '\u{1F600}b') < 0, 'past a character above U+FFFF')
  t.ok(compareKeys('ab', 'a') > 0, 'a prefix first')
})
