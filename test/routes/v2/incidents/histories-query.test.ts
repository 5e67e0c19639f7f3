import t, { type Test } from 'tap'
import { EXAMPLE_NUM, setup as setupApi, TOKEN } from '../../../support/helper.js'
import { LIST_LIMITS } from '../../../../src/incident/list-query.js'

interface Item { action: string, operator: string, status: string, start_time: string, stop_time: string, comment: string }
const f = (field: string, operator: string, values: string[], name?: string) => ({ field, operator, values, ...(name === undefined ? {} : { name }) })

/** A ticket taken through several steps, and the histories route on it. */
async function setup (t: Test) {
  let clock = Date.UTC(2026, 10, 27, 12, 0, 0)
  const api = await setupApi(t, { now: () => (clock += 1000) })
  const num = await api.create()
  for (const [key, parameter] of [
    ['acceptedIncident1', {}],
    ['commitSolution1', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'fixed' }],
    ['confirm', { virtual_confirm_result: false, virtual_confirm_comment: 'not yet' }],
    ['commitSolution1', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'fixed again' }],
    ['confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'ok' }]
  ] as const) {
    const res = await api.handle(num, key, parameter)
    if (res.statusCode !== 200) throw new Error(res.body)
  }
  const histories = (body: object, ticket = num) => api.app.inject({ method: 'POST', url: `/v2/incidents/${ticket}/histories`, headers: TOKEN, payload: body })
  const data = async (body: object, ticket = num) => {
    const res = await histories(body, ticket)
    if (res.statusCode !== 200) throw new Error(res.body)
    return res.json().data as { total: number, info: Item[], count_result?: unknown, group_by_result?: unknown }
  }
  const all = (await data({})).info
  return { ...api, num, histories, data, all }
}

const tally = (items: Item[], key: keyof Item) => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(item[key], (counts.get(item[key]) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }))
}

t.test('int_filters, condition and fields now apply to v2 histories', async t => {
  const { data, all } = await setup(t)
  t.equal(all.length, 6, 'create and five steps')
  t.same(await data({ int_filters: [f('start_time', '>=', ['9999999999999'])] }), { total: 0, info: [] }, 'a start_time in the far future finds nothing')
  const third = all[2]!.start_time
  const later = await data({ int_filters: [f('start_time', '>=', [third])] })
  t.same(later.info, all.filter(item => Number(item.start_time) >= Number(third)), 'a time range keeps the records in it, in order')
  t.equal(later.total, all.length - 2)

  const either = await data({ string_filters: [f('action', '=', ['create'], 'a'), f('action', '=', ['accepted'], 'b')], condition: 'a | b' })
  t.same(either.info.map(item => item.action), ['create', 'accepted'], 'a condition ORs named filters')
  const both = await data({ string_filters: [f('action', '=', ['confirm'], 'a'), f('comment', 'like', ['ok'], 'b'), f('operator', '!=', ['nobody'])], condition: 'a & b' })
  t.same(both.info.map(item => item.comment), ['ok'], 'and ANDs them, with the unnamed filter ANDed too')

  // The largest condition the limits allow, each term a filter of 100 values: rendered into one statement for a ticket's records.
  const values = Array.from({ length: 100 }, (_, i) => `v${i}`)
  const named = Array.from({ length: 40 }, (_, i) => f(i < 20 ? 'action' : 'operator', 'in', i === 0 ? [...values.slice(1), 'create'] : values, `n${i}`))
  const longest = Array.from({ length: LIST_LIMITS.conditionTerms }, (_, i) => `n${i % 40}`).join(' | ')
  t.same((await data({ string_filters: named.slice(0, 20), int_filters: named.slice(20), condition: longest })).info.map(item => item.action), ['create'], 'the largest condition')

  const narrow = await data({ fields: ['action', 'start_time'] })
  t.same(narrow.info, all.map(item => ({ action: item.action, start_time: item.start_time })), 'fields narrows each record to its keys')
})

t.test('sort, paging and total on v2 histories', async t => {
  const { data, all } = await setup(t)
  const byAction = await data({ sort_filter: { field: 'action', operator: 'asc' } })
  t.same(byAction.info.map(item => item.action), all.map(item => item.action).sort(), 'sorted on action')
  t.same((await data({ sort_filter: { field: 'start_time', operator: 'desc' } })).info, [...all].reverse(), 'newest first')
  const page = await data({ page: 2, per_page: 2 })
  t.same(page.info, all.slice(2, 4), 'the second page of two')
  t.equal(page.total, all.length, 'total counts every match, not the page')
  t.same(await data({ page: 9, per_page: 2 }), { total: all.length, info: [] }, 'past the end')
  t.same(await data({ page: 1_000_000 }), { total: all.length, info: [] }, 'without per_page, page 1 holds every record')
})

t.test('count_filters and group_by_filter on v2 histories', async t => {
  const { data, all } = await setup(t)
  const counted = await data({ count_filters: [{ name: 'confirms', filters: [f('action', '=', ['confirm'])] }, { name: 'everything' }, { filters: [f('start_time', '>', ['9999999999999'])] }] })
  t.same(counted.count_result, [
    { name: 'confirms', count: all.filter(item => item.action === 'confirm').length },
    { name: 'everything', count: all.length },
    { name: '', count: 0 }
  ], 'one count per set, in the order asked')
  t.equal(counted.info.length, all.length, 'the records are still all there')

  const asObject = await data({ group_by_filter: { field: 'action' } })
  t.same(asObject.group_by_result, tally(all, 'action'), 'the count per action, most frequent first')
  const asList = await data({ group_by_filter: [{ field: 'action', operator: 'in', values: [] }] })
  t.same(asList.group_by_result, asObject.group_by_result, 'Terraform\'s list of one groups the same')
  const some = await data({ group_by_filter: { field: 'action', operator: 'in', values: ['create', 'confirm'] } })
  t.same(some.group_by_result, tally(all.filter(item => item.action === 'create' || item.action === 'confirm'), 'action'), 'its values keep those groups only')
  const filtered = await data({ string_filters: [f('action', '!=', ['create'])], group_by_filter: { field: 'status' } })
  t.same(filtered.group_by_result, tally(all.filter(item => item.action !== 'create'), 'status'), 'groups count what the list matches')
  t.notOk('group_by_result' in (await data({ group_by_filter: {} })), '{} groups nothing')
  t.notOk('count_result' in (await data({ count_filters: [] })), 'no sets, no counts')
})

t.test('a seeded ticket\'s derived history goes through the same engine', async t => {
  const { data } = await setup(t)
  const all = (await data({}, EXAMPLE_NUM)).info
  t.ok(all.length > 1)
  const second = all[1]!.start_time
  t.same((await data({ int_filters: [f('start_time', '>=', [second])] }, EXAMPLE_NUM)).info, all.slice(1))
  t.same((await data({ string_filters: [f('action', '=', ['create'], 'c')], condition: 'c' }, EXAMPLE_NUM)).info.map(item => item.action), ['create'])
  t.same((await data({ group_by_filter: { field: 'operator' } }, EXAMPLE_NUM)).group_by_result, tally(all, 'operator'))
  t.same((await data({ sort_filter: { field: 'start_time', operator: 'desc' }, per_page: 1 }, EXAMPLE_NUM)).info, [all.at(-1)])
})

t.test('the v1 filter shape still reads, and ticket_id is a field like the others', async t => {
  const { data, all, num } = await setup(t)
  t.same((await data({ string_filters: [{ name: 'action', values: ['create'] }] })).info, all.slice(0, 1), 'name for the field, = by default')
  t.same((await data({ group_by_filter: { name: 'action', operator: '=', values: ['create'] } })).group_by_result, [{ value: 'create', count: 1 }], 'a group_by_filter naming its field by name')
  t.equal((await data({ string_filters: [f('ticket_id', '=', [num])] })).total, all.length, 'the path\'s own ticket')
  t.equal((await data({ string_filters: [f('ticket_id', '=', [EXAMPLE_NUM])] })).total, 0, 'another ticket\'s records are not this one\'s')
})

t.test('what v2 histories refuse, each named', async t => {
  const { histories } = await setup(t)
  const cases: Array<[string, object, string | RegExp]> = [
    ['a field histories do not have', { int_filters: [f('create_time', '>', ['0'])] }, 'int_filters[0].field: [create_time] cannot be filtered; one of ticket_id, action, action_id, operator, status, comment, start_time, stop_time, update_time'],
    ['no values at all', { string_filters: [{ field: 'action' }] }, 'string_filters[0].values: must hold at least one value'],
    ['no field at all', { string_filters: [{ operator: '=', values: ['x'] }] }, /^string_filters\[0\]\.field: is required; one of ticket_id,/],
    ['a time that is no number', { int_filters: [f('start_time', '>', ['soon'])] }, 'int_filters[0]: [soon] is not a number (start_time is compared as epoch milliseconds)'],
    ['an unknown condition name', { string_filters: [f('action', '=', ['x'], 'a')], condition: 'a | b' }, 'condition: no filter is named [b]'],
    ['a sort field histories do not sort on', { sort_filter: { field: 'comment' } }, /^sort_filter\.field: \[comment\] cannot be sorted on; one of start_time,/],
    ['grouping on a free text', { group_by_filter: { field: 'comment' } }, 'group_by_filter.field: [comment] cannot be grouped on; one of action, action_id, operator, status'],
    ['grouping on two fields', { group_by_filter: [{ field: 'action' }, { field: 'status' }] }, 'group_by_filter: 2 filters; one field is grouped on at a time'],
    ['a bad group_by operator', { group_by_filter: [{ field: 'action', operator: 'around', values: ['x'] }] }, /^group_by_filter\[0\]\.operator: \[around\] is not one of in,/],
    ['too many count sets', { count_filters: Array.from({ length: LIST_LIMITS.countSets + 1 }, () => ({ name: 'n' })) }, `count_filters: ${LIST_LIMITS.countSets + 1} sets; at most ${LIST_LIMITS.countSets}`],
    ['too many filters in a set', { count_filters: [{ name: 'n', filters: Array.from({ length: LIST_LIMITS.countSetFilters + 1 }, () => f('action', '=', ['x'])) }] }, `count_filters[0].filters: ${LIST_LIMITS.countSetFilters + 1} filters; at most ${LIST_LIMITS.countSetFilters}`],
    ['a bad filter in a set', { count_filters: [{ name: 'n', filters: [f('action', '=', [])] }] }, 'count_filters[0].filters[0].values: must hold at least one value'],
    ['per_page over 200', { per_page: 201 }, 'per_page: must be <= 200']
  ]
  for (const [why, body, message] of cases) {
    const res = await histories(body)
    t.equal(res.statusCode, 400, why)
    t.match(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: message, data: null }, why)
  }
  t.match((await histories({ int_filters: [f('start_time', '>', ['0'])] }, 'IM-NONE')).json(), { error_code: 'COC.00067003' }, 'an unknown ticket is still not found')
})

t.test('the body Terraform\'s histories data source sends is read whole', async t => {
  const { data, all, num } = await setup(t)
  // Every argument set, as the provider builds it: group_by_filter and sort_filter one object each, incident_id in the body too.
  const answer = await data({
    incident_id: num,
    count_filters: [{ name: 'confirms', filters: [{ field: 'action', operator: '=', values: ['confirm'], group: 'g', match_type: 'm', priority_type: 'p' }] }],
    fields: ['action', 'operator', 'start_time'],
    group_by_filter: { field: 'operator', operator: 'in', values: [] },
    int_filters: [{ field: 'start_time', operator: '>', values: ['0'], name: 'later' }],
    string_filters: [{ field: 'action', operator: '!=', values: ['create'], name: 'handled' }],
    sort_filter: { field: 'start_time', operator: 'desc', values: [] },
    condition: 'later & handled'
  })
  const handled = all.filter(item => item.action !== 'create')
  t.same(answer.info, [...handled].reverse().map(item => ({ action: item.action, operator: item.operator, start_time: item.start_time })))
  t.equal(answer.total, handled.length)
  t.same(answer.count_result, [{ name: 'confirms', count: all.filter(item => item.action === 'confirm').length }])
  t.same(answer.group_by_result, tally(handled, 'operator'))
})
