import t, { type Test } from 'tap'
import type { FixtureTicket } from '../../../../src/schemas/incident.js'
import { LIST_LIMITS } from '../../../../src/incident/list-query.js'
import { fixtures, makeRecord, setup } from '../../../support/helper.js'

const ticket = (num: string, over: Partial<FixtureTicket>): FixtureTicket => {
  const { domain_id: _d, ...record } = makeRecord({ incident_num: num, ...over })
  return { ...record, ...(over.domain_id === undefined ? {} : { domain_id: over.domain_id }) }
}
const SET: FixtureTicket[] = [
  ticket('A1', { incident_level: 'level_10', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 1000, incident_title: 'disk full on db-1', is_service_interrupt: true, creator: 'u1' }),
  ticket('A2', { incident_level: 'level_20', status: 'INCIDENT_STATUS_ACKNOWLEDGED', create_time: 2000, incident_title: 'DB latency', creator: 'u2' }),
  ticket('A3', { incident_level: 'level_30', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 3000, incident_title: 'cache miss', creator: 'u1' }),
  ticket('A4', { incident_level: 'level_10', status: 'INCIDENT_STATUS_COMPLETED', create_time: 4000, incident_title: 'disk_full_100%', is_service_interrupt: true, creator: 'u3' }),
  ticket('A5', { incident_level: 'level_10', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 5000, incident_title: 'nothing', creator: 'u1' }),
  ticket('B1', { incident_level: 'level_10', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 6000, domain_id: 'other-domain' })
]
const f = (field: string, operator: string, values: string[], name?: string) => ({ field, operator, values, ...(name === undefined ? {} : { name }) })

interface Ticket { ticket_id: string, level_id: string, mtm_type: string, work_flow_status: string, creator: string, is_service_interrupt: string, title: string }

async function setupList (t: Test) {
  const { post } = await setup(t, { fixtures: { ...fixtures, tickets: SET } })
  const list = (body: object) => post('/v2/incidents/list', body)
  const data = async (body: object) => {
    const res = await list({ per_page: 200, ...body })
    if (res.statusCode !== 200) throw new Error(res.body)
    return res.json().data as { tickets: Ticket[], total?: number, count_result?: unknown, group_by_result?: unknown }
  }
  return { list, data }
}

const tally = (tickets: Ticket[], key: keyof Ticket) => {
  const counts = new Map<string, number>()
  for (const item of tickets) counts.set(item[key], (counts.get(item[key]) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }))
}

t.test('count_filters: one count per named set, each on its own', async t => {
  const { data } = await setupList(t)
  const sets = [
    { name: 'level_10', filters: [f('level_id', '=', ['level_10'])] },
    { name: 'disk', filters: [f('title', 'like', ['disk'])] },
    { name: 'open disk', filters: [f('title', 'like', ['disk']), f('work_flow_status', '=', ['INCIDENT_STATUS_TRIGGERED'])] },
    { name: 'all' }
  ]
  const answer = await data({ string_filters: [f('creator', '=', ['u2'])], count_filters: sets, contain_total: true })
  const expected = []
  for (const set of sets) expected.push({ name: set.name, count: (await data({ string_filters: set.filters ?? [], contain_total: true })).total })
  t.same(answer.count_result, expected, 'each set counts what the list would find with its filters alone')
  t.same(answer.tickets.map(item => item.ticket_id), ['A2'], 'the page is still the list\'s own')
  t.equal(answer.total, 1)
  t.same(expected.map(e => e.count), [3, 2, 1, 5], 'the sets told apart (worked out by hand)')
})

t.test('group_by_filter: the count per value among the matching tickets, from either shape', async t => {
  const { data } = await setupList(t)
  const all = (await data({})).tickets
  const byStatus = await data({ group_by_filter: { field: 'work_flow_status', operator: '=', values: [] } })
  t.same(byStatus.group_by_result, tally(all, 'work_flow_status'), 'the SDK\'s object')
  t.same((await data({ group_by_filter: [{ field: 'work_flow_status', operator: '=', values: [] }] })).group_by_result, byStatus.group_by_result, 'Terraform\'s list of one')
  const levels = await data({ string_filters: [f('creator', '=', ['u1'])], group_by_filter: { field: 'level_id' } })
  t.same(levels.group_by_result, tally(all.filter(item => item.creator === 'u1'), 'level_id'), 'what the filters match is grouped')
  const scanned = await data({ string_filters: [f('title', 'like', ['d'], 'a'), f('level_id', '=', ['level_10'], 'b')], condition: 'a | b', group_by_filter: { field: 'creator' } })
  const matching = all.filter(item => item.title.toLowerCase().includes('d') || item.level_id === 'level_10')
  t.same(scanned.group_by_result, tally(matching, 'creator'), 'with a condition, in the scan')
  t.same((await data({ group_by_filter: { field: 'is_service_interrupt' } })).group_by_result, tally(all, 'is_service_interrupt'), 'booleans as "true" and "false"')
  const some = await data({ group_by_filter: { field: 'work_flow_status', operator: 'in', values: ['INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_COMPLETED'] } })
  t.same(some.group_by_result, tally(all.filter(item => item.work_flow_status === 'INCIDENT_STATUS_TRIGGERED' || item.work_flow_status === 'INCIDENT_STATUS_COMPLETED'), 'work_flow_status'), 'its values keep those groups only')
  const someScanned = await data({ group_by_filter: { field: 'creator', operator: 'startwith', values: ['u1'] } })
  t.same(someScanned.group_by_result, [{ value: 'u1', count: all.filter(item => item.creator === 'u1').length }], 'a pattern in the group_by_filter, in the scan')
})

t.test('the list\'s existing answers do not change by a byte', async t => {
  const { list } = await setupList(t)
  for (const body of [{}, { contain_total: true }, { string_filters: [f('title', 'like', ['d'])], contain_total: true }, { fields: ['title'] }]) {
    const plain = await list(body)
    const empty = await list({ ...body, count_filters: [], group_by_filter: {} })
    t.equal(empty.body, plain.body, `${JSON.stringify(body)}: empty count_filters and group_by_filter add nothing`)
    t.notMatch(plain.body, /count_result|group_by_result/)
  }
  const counted = await list({ count_filters: [{ name: 'n', filters: [f('level_id', '=', ['level_10'])] }] })
  const plain = await list({})
  t.same(Object.keys(counted.json().data), ['tickets', 'count_result'], 'the answer added beside the tickets')
  t.same(counted.json().data.tickets, plain.json().data.tickets)
})

t.test('what the v2 list refuses, each named', async t => {
  const { list } = await setupList(t)
  const cases: Array<[string, object, string | RegExp]> = [
    ['grouping on a free text', { group_by_filter: { field: 'title' } }, /^group_by_filter\.field: \[title\] cannot be grouped on; one of level_id, mtm_type,/],
    ['grouping on an unknown field, in a list', { group_by_filter: [{ field: 'toString' }] }, /^group_by_filter\[0\]\.field: \[toString\] cannot be grouped on/],
    ['too many count sets', { count_filters: Array.from({ length: LIST_LIMITS.countSets + 1 }, () => ({ name: 'n' })) }, `count_filters: ${LIST_LIMITS.countSets + 1} sets; at most ${LIST_LIMITS.countSets}`],
    ['a set\'s filter on an unknown field', { count_filters: [{ name: 'n', filters: [f('nope', '=', ['x'])] }] }, /^count_filters\[0\]\.filters\[0\]\.field: \[nope\] cannot be filtered; one of ticket_id,/],
    ['patterns over the limit across the sets', { string_filters: [f('title', 'like', Array.from({ length: 60 }, String))], count_filters: [{ name: 'n', filters: [f('title', 'like', Array.from({ length: 41 }, String))] }] },
      `count_filters: 101 values of like, startwith, endwith or list-field filters with the list's own and the group_by_filter's; at most ${LIST_LIMITS.patternValues} in all`],
    ['an unregistered category in a count set', { count_filters: [{ name: 'n', filters: [f('mtm_type', 'in', ['inc_type_p_config_issues', 'inc_type_p_nope'])] }] },
      /^count_filters\[0\]\.filters\[0\]\.values\[1\]: must be one of inc_type_p_security_issues, .* \(the registered incident categories\); \[inc_type_p_nope\] is not registered$/],
    ['an unregistered category in the group_by_filter', { group_by_filter: { field: 'mtm_type', operator: '!=', values: ['inc_type_p_nope'] } },
      /^group_by_filter\.values\[0\]: must be one of inc_type_p_security_issues, .* \(the registered incident categories\); \[inc_type_p_nope\] is not registered$/],
    ['an unregistered category in Terraform\'s group_by_filter list', { group_by_filter: [{ field: 'mtm_type', operator: 'in', values: ['inc_type_p_config_issues', 'nope'] }] },
      /^group_by_filter\[0\]\.values\[1\]: must be one of .*; \[nope\] is not registered$/]
  ]
  for (const [why, body, message] of cases) {
    const res = await list(body)
    t.equal(res.statusCode, 400, why)
    t.match(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: message, data: null }, why)
  }
})

t.test('registered categories and category patterns pass in count sets and the group_by_filter', async t => {
  const { data } = await setupList(t)
  const all = (await data({})).tickets
  const kept = ['inc_type_p_function_issues', 'inc_type_p_security_issues']
  const answer = await data({
    count_filters: [{ name: 'function', filters: [f('mtm_type', '=', [kept[0]!])] }, { name: 'pattern', filters: [f('mtm_type', 'like', ['no_such_category'])] }],
    group_by_filter: { field: 'mtm_type', operator: 'in', values: kept }
  })
  t.same(answer.count_result, [{ name: 'function', count: all.filter(item => item.mtm_type === kept[0]).length }, { name: 'pattern', count: 0 }],
    'a registered key is counted; a pattern is no category name')
  t.same(answer.group_by_result, tally(all.filter(item => kept.includes(item.mtm_type)), 'mtm_type'), 'registered keys group')
})

t.test('the body Terraform\'s incidents data source sends is read whole', async t => {
  const { data } = await setupList(t)
  const all = (await data({})).tickets
  const answer = await data({
    contain_all: true,
    contain_total: true,
    contain_sub_ticket: true,
    string_filters: [{ field: 'level_id', operator: '=', values: ['level_10'], name: 'ten' }],
    int_filters: [{ field: 'create_time', operator: '>', values: ['1000'], name: 'late' }],
    condition: 'ten | late',
    count_filters: [{ name: 'open', filters: [{ field: 'work_flow_status', operator: '=', values: ['INCIDENT_STATUS_TRIGGERED'] }] }],
    group_by_filter: [{ field: 'level_id', operator: 'in', values: ['level_10', 'level_20'] }],
    ticket_types: ['incident']
  })
  const matching = all.filter(item => item.level_id === 'level_10' || item.ticket_id !== 'A1')
  t.same(answer.tickets.map(item => item.ticket_id), matching.map(item => item.ticket_id))
  t.equal(answer.total, matching.length)
  t.same(answer.count_result, [{ name: 'open', count: all.filter(item => item.work_flow_status === 'INCIDENT_STATUS_TRIGGERED').length }])
  t.same(answer.group_by_result, tally(matching.filter(item => item.level_id === 'level_10' || item.level_id === 'level_20'), 'level_id'))
})
