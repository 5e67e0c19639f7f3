import t, { type Test } from 'tap'
import type { FixtureTicket } from '../../../../src/schemas/incident.js'
import { fixtures, makeRecord, setup } from '../../../support/helper.js'

// A small set whose every expected answer below was worked out by hand.
const ticket = (num: string, over: Partial<FixtureTicket>): FixtureTicket => {
  const { domain_id: _d, ...record } = makeRecord({ incident_num: num, ...over })
  return { ...record, ...(over.domain_id === undefined ? {} : { domain_id: over.domain_id }) }
}
const SET: FixtureTicket[] = [
  ticket('A1', { incident_level: 'level_10', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 1000, incident_title: 'disk full on db-1', incident_assignee: ['u1'], current_cloud_service: ['app1'], is_service_interrupt: true, start_time: 900 }),
  ticket('A2', { incident_level: 'level_20', status: 'INCIDENT_STATUS_ACKNOWLEDGED', create_time: 2000, incident_title: 'DB latency', incident_assignee: ['u2'], current_cloud_service: ['app2'], region: ['cn-north-4'] }),
  ticket('A3', { incident_level: 'level_30', status: 'INCIDENT_STATUS_RESOLVED', create_time: 3000, enterprise_project: [], incident_title: 'cache miss 50%', current_cloud_service: ['app1'], handle_time: 3500 }),
  ticket('A4', { incident_level: 'level_10', status: 'INCIDENT_STATUS_COMPLETED', create_time: 4000, incident_title: 'disk_full_100%', incident_assignee: ['u1'], is_service_interrupt: true, handle_time: 4500 }),
  ticket('A5', { incident_level: 'level_50', status: 'INCIDENT_STATUS_REJECTED', create_time: 5000, incident_title: 'nothing', incident_assignee: ['u3'], current_cloud_service: ['app3'] }),
  ticket('B1', { incident_level: 'level_10', status: 'INCIDENT_STATUS_TRIGGERED', create_time: 6000, domain_id: 'other-domain' })
]

async function setupList (t: Test) {
  const { post } = await setup(t, { fixtures: { ...fixtures, tickets: SET } })
  const list = (body: object) => post('/v2/incidents/list', body)
  const ids = async (body: object): Promise<string[]> => {
    const res = await list({ per_page: 200, ...body })
    if (res.statusCode !== 200) throw new Error(res.body)
    return res.json().data.tickets.map((ticket: { ticket_id: string }) => ticket.ticket_id)
  }
  return { list, ids }
}
const f = (field: string, operator: string, values: string[], name?: string) => ({ field, operator, values, ...(name === undefined ? {} : { name }) })

t.test('each operator against the hand-worked answer', async t => {
  const { ids } = await setupList(t)
  const cases: Array<[string, object, string[]]> = [
    ['no filter: the domain\'s tickets, newest first', {}, ['A5', 'A4', 'A3', 'A2', 'A1']],
    ['=', { string_filters: [f('level_id', '=', ['level_10'])] }, ['A4', 'A1']],
    ['in', { string_filters: [f('level_id', 'in', ['level_10', 'level_20'])] }, ['A4', 'A2', 'A1']],
    ['!=', { string_filters: [f('level_id', '!=', ['level_10'])] }, ['A5', 'A3', 'A2']],
    ['like', { string_filters: [f('title', 'like', ['disk'])] }, ['A4', 'A1']],
    ['like with a literal _', { string_filters: [f('title', 'like', ['k_f'])] }, ['A4']],
    ['like with a literal %', { string_filters: [f('title', 'like', ['50%'])] }, ['A3']],
    ['startwith', { string_filters: [f('title', 'startwith', ['DB'])] }, ['A2']],
    ['endwith', { string_filters: [f('title', 'endwith', ['%'])] }, ['A4', 'A3']],
    ['> on a time, sent as a string', { string_filters: [f('create_time', '>', ['2000'])] }, ['A5', 'A4', 'A3']],
    ['>=', { int_filters: [f('create_time', '>=', ['2000'])] }, ['A5', 'A4', 'A3', 'A2']],
    ['<', { string_filters: [f('create_time', '<', ['3000'])] }, ['A2', 'A1']],
    ['<=', { string_filters: [f('create_time', '<=', ['3000'])] }, ['A3', 'A2', 'A1']],
    ['a create_time range', { string_filters: [f('create_time', '>=', ['2000']), f('create_time', '<=', ['4000'])] }, ['A4', 'A3', 'A2']],
    ['numeric, not text, comparison', { string_filters: [f('create_time', '<', ['10000'])] }, ['A5', 'A4', 'A3', 'A2', 'A1']],
    ['handle_time set', { string_filters: [f('handle_time', '>', ['0'])] }, ['A4', 'A3']],
    ['a list field =', { string_filters: [f('assignee', '=', ['u1'])] }, ['A4', 'A1']],
    ['a list field !=', { string_filters: [f('assignee', '!=', ['u1'])] }, ['A5', 'A3', 'A2']],
    ['a list field like', { string_filters: [f('assignee', 'like', ['u'])] }, ['A5', 'A4', 'A2', 'A1']],
    ['application in', { string_filters: [f('current_cloud_service_id', 'in', ['app1'])] }, ['A3', 'A1']],
    ['a boolean', { string_filters: [f('is_service_interrupt', '=', ['true'])] }, ['A4', 'A1']],
    ['a boolean, false', { string_filters: [f('is_service_interrupt', '=', ['false'])] }, ['A5', 'A3', 'A2']],
    ['condition (a & b) | c', { string_filters: [f('level_id', '=', ['level_10'], 'a'), f('is_service_interrupt', '=', ['true'], 'b'), f('work_flow_status', '=', ['INCIDENT_STATUS_REJECTED'], 'c')], condition: '( a & b) | c' }, ['A5', 'A4', 'A1']],
    ['condition a | b, an unnamed filter ANDed', { string_filters: [f('level_id', '=', ['level_20'], 'a'), f('level_id', '=', ['level_30'], 'b'), f('create_time', '<', ['3000'])], condition: '  a | b  ' }, ['A2']],
    ['condition a & (b | c)', { string_filters: [f('create_time', '>', ['1000'], 'a'), f('assignee', '=', ['u1'], 'b'), f('title', 'like', ['cache'], 'c')], condition: 'a and (b or c)' }, ['A4', 'A3']],
    ['an empty condition ANDs all', { string_filters: [f('level_id', '=', ['level_10'], 'a'), f('is_service_interrupt', '=', ['true'], 'b')], condition: ' ' }, ['A4', 'A1']],
    ['sort ascending', { sort_filter: { field: 'create_time', operator: 'asc' } }, ['A1', 'A2', 'A3', 'A4', 'A5']],
    ['sort named by name', { sort_filter: { name: 'create_time', operator: 'asc' } }, ['A1', 'A2', 'A3', 'A4', 'A5']],
    ['a region', { string_filters: [f('mtm_region', '=', ['cn-north-4'])] }, ['A2']],
    ['a filter with an empty name is ANDed', { string_filters: [f('level_id', '=', ['level_10'], 'a'), f('create_time', '>', ['1000'], '')], condition: 'a' }, ['A4']],
    ['sort on level, ties by number', { sort_filter: [{ field: 'level_id', operator: 'ASC' }] }, ['A1', 'A4', 'A2', 'A3', 'A5']],
    ['another ticket type', { ticket_types: ['change'] }, []],
    ['incident among the types', { ticket_types: ['incident', 'change'], contain_all: true, contain_sub_ticket: false, count_filters: [], group_by_filter: {} }, ['A5', 'A4', 'A3', 'A2', 'A1']]
  ]
  for (const [name, body, expected] of cases) t.same(await ids(body), expected, name)
})

t.test('paging and totals', async t => {
  const { list, ids } = await setupList(t)
  t.same(await ids({ per_page: 2, page: 2 }), ['A3', 'A2'])
  t.same(await ids({ per_page: 2, page: 3 }), ['A1'])
  t.same(await ids({ per_page: 2, page: 4 }), [])
  const first = (await list({})).json().data
  t.equal(first.tickets.length, 5, 'per_page defaults to 10')
  t.notOk('total' in first, 'no total unless asked')
  t.equal((await list({ per_page: 1, contain_total: true, string_filters: [f('level_id', '=', ['level_10'])] })).json().data.total, 2)
  t.same((await list({ ticket_types: ['change'], contain_total: true })).json().data, { tickets: [], total: 0 })
})

t.test('every v2 scalar is a string; fields narrow the tickets', async t => {
  const { list } = await setupList(t)
  const [a1] = (await list({ string_filters: [f('ticket_id', '=', ['A1'])] })).json().data.tickets
  for (const [key, value] of Object.entries(a1)) {
    if (key !== 'enum_data_list') t.type(value, 'string', `${key} is a string`)
  }
  t.match(a1, { ticket_id: 'A1', level_id: 'level_10', is_service_interrupt: 'true', create_time: '1000', start_time: '900', handle_time: '', assignee: 'u1', current_cloud_service_id: 'app1', mtm_region: '' })
  t.same(a1.enum_data_list.find((e: { prop_id: string }) => e.prop_id === 'level_id'), { prop_id: 'level_id', biz_id: 'level_10', name_zh: 'P1', name_en: 'P1' })
  const [a3] = (await list({ string_filters: [f('ticket_id', '=', ['A3'])] })).json().data.tickets
  t.match(a3, { enterprise_project_id: '', handle_time: '3500', start_time: '' }, 'an empty list and unset times are empty strings')
  const narrowed = (await list({ fields: ['title', 'unknown'], per_page: 1 })).json().data.tickets[0]
  t.same(Object.keys(narrowed).sort(), ['ticket_id', 'title'])
})

t.test('bad queries name the filter and the rule', async t => {
  const { list } = await setupList(t)
  const cases: Array<[object, string | RegExp]> = [
    [{ string_filters: [f('nope', '=', ['x'])] }, /^string_filters\[0\]\.field: \[nope\] cannot be filtered; one of ticket_id, /],
    [{ string_filters: [f('level_id', '~', ['x'])] }, /^string_filters\[0\]\.operator: \[~\] is not one of in, like/],
    [{ int_filters: [f('create_time', '>', ['yesterday'])] }, 'int_filters[0]: [yesterday] is not a number (create_time is compared as epoch milliseconds)'],
    [{ string_filters: [f('is_service_interrupt', '=', ['yes'])] }, 'string_filters[0]: [yes] is not true or false'],
    [{ string_filters: [f('create_time', 'like', ['1'])] }, 'string_filters[0]: like applies to text fields only'],
    [{ string_filters: [f('assignee', '>', ['u'])] }, 'string_filters[0]: > does not apply to assignee, a list'],
    [{ string_filters: [f('level_id', '=', [])] }, 'string_filters[0].values: must hold at least one value'],
    [{ string_filters: [f('level_id', '=', ['x'], 'a')], condition: 'a | z' }, 'condition: no filter is named [z]'],
    [{ string_filters: [f('level_id', '=', ['x'], 'a'), f('level_id', '=', ['y'], 'a')], condition: 'a' }, 'string_filters[1].name: [a] names two filters'],
    [{ condition: 'a & (' }, 'condition: expected a filter name or "(" at the end'],
    [{ condition: 'a ; drop table incidents' }, 'condition: unexpected character at position 3'],
    [{ string_filters: [f('level_id', '=', ['x'], 'a')], condition: '(a' }, 'condition: expected ")" at the end'],
    [{ string_filters: [f('level_id', '=', ['x'], 'a')], condition: 'a a' }, 'condition: unexpected at position 3 ("a")'],
    [{ sort_filter: { field: 'description' } }, /^sort_filter\.field: \[description\] cannot be sorted on/],
    [{ sort_filter: { field: 'create_time', operator: 'up' } }, 'sort_filter.operator: must be asc or desc'],
    [{ per_page: 201 }, 'per_page: must be <= 200'],
    [{ page: 0 }, 'page: must be >= 1'],
    [{ page: 1_000_001 }, 'page: must be <= 1000000'],
    [{ string_filters: Array.from({ length: 21 }, () => f('level_id', '=', ['x'])) }, 'string_filters: must NOT have more than 20 items'],
    [{ string_filters: [{ field: 'level_id', values: ['x'] }] }, 'string_filters[0].operator: is required']
  ]
  for (const [body, message] of cases) {
    const res = await list(body)
    t.equal(res.statusCode, 400, String(message))
    t.equal(res.json().error_code, 'GOM.00007256')
    t.match(res.json().error_msg, message)
  }
  t.equal((await list({ string_filters: [f('title', '=', ["'; DROP TABLE incidents; --"])] })).statusCode, 200, 'values are bound, never SQL')
  t.equal((await list({})).json().data.tickets.length, 5, 'the table is intact')
})
