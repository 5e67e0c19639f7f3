import t from 'tap'
import { Journal } from '../../../src/admin/journal.js'
import { STATUS } from '../../../src/vocab.js'
import { build, json, TOKEN } from '../../support/helper.js'

const ASSIGNEE = '25819b46251b46218bf6ad238ddd860c'
const ticket = (overrides: Record<string, unknown> = {}) => ({
  incident_level: 'level_20',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_config_issues',
  incident_title: 'disk full on node 7',
  incident_source: 'incident_source_manual',
  creator: '9605B67C741D4553887A3462771107D3',
  incident_assignee: [ASSIGNEE],
  ...overrides
})

t.test('the overview counts tickets by status and the recent requests and errors', async t => {
  const { app } = await build(t, { tickets: 40 })
  await app.inject({ url: '/v1/incident-tickets', headers: TOKEN })
  await app.inject({ url: '/v1/incident-tickets', headers: { 'x-auth-token': 'not-a-token' } })
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/nowhere', status: 503 }))
  const res = await app.inject({ url: '/__admin/overview' })
  t.equal(res.statusCode, 200)
  const data = res.json().data
  t.equal(data.auth_mode, 'strict')
  t.equal(data.version, app.emulatorVersion)
  t.ok(data.uptime_ms >= 0)
  t.same(Object.keys(data.tickets.by_status).sort(), Object.values(STATUS).sort(), 'every status, also those no ticket has')
  const sum = Object.values(data.tickets.by_status as Record<string, number>).reduce((a, b) => a + b, 0)
  t.equal(sum, data.tickets.total, 'the counts add up to the total')
  t.equal(data.tickets.total, app.incidentStore.count())
  t.equal(data.requests.count, 2, 'admin calls are not counted')
  t.equal(data.requests.errors, 1)
  t.equal(data.requests.error_rate, 0.5)
  t.ok(data.requests.per_second > 0)
  t.ok(data.requests.window_ms >= 1000 && data.requests.window_ms <= 60_000)
  t.equal(data.requests.journaled, 2)
  t.equal(data.faults, 1)
  t.equal(data.clock.frozen_at, null)
})

t.test('with no request the error rate is 0, not NaN', async t => {
  const { app } = await build(t, { tickets: 0, auth: 'off' })
  const data = (await app.inject({ url: '/__admin/overview' })).json().data
  t.same([data.requests.count, data.requests.error_rate, data.auth_mode], [0, 0, 'off'])
})

t.test('the journal counts recent requests and failures: a dropped connection is one', async t => {
  let now = 1000
  const journal = new Journal(10, () => now)
  const input = (status: number | null) => ({ requestId: 'r', method: 'GET', url: '/x', headers: '', body: undefined, status, errorCode: null, incidentNum: undefined, domainId: undefined, durationMs: 1, faultId: undefined })
  journal.record(input(500))
  now = 2000
  journal.record(input(200))
  journal.record(input(null))
  t.same(journal.recent(1500), { count: 2, errors: 1 }, 'the older failure is outside the span')
  t.same(journal.recent(0), { count: 3, errors: 2 })
  t.equal(journal.find({ status: 500 }, 10).total, 1)
})

t.test('the ticket search filters across domains with the v2 list\'s engine', async t => {
  const { app } = await build(t, { tickets: 60 })
  const inserted = await app.inject(json('POST', '/__admin/tickets', {
    tickets: [
      ticket({ domain_id: 'other-domain', incident_title: 'Kafka lag 100% on broker', incident_assignee: ['someone-else'] }),
      ticket({ domain_id: 'other-domain', incident_title: 'kafka lag again', status: STATUS.resolved, incident_level: 'level_10' })
    ]
  }))
  t.equal(inserted.statusCode, 200)
  const search = async (query: string) => {
    const res = await app.inject({ url: `/__admin/ticket-search${query}` })
    t.equal(res.statusCode, 200, query)
    return res.json().data as { tickets: Array<Record<string, unknown>>, total: number }
  }
  const byTitle = await search('?title=KAFKA%20lag')
  t.equal(byTitle.total, 2, 'title: a part, ASCII case ignored')
  t.ok(byTitle.tickets.every(found => found.domain_id === 'other-domain'))
  t.equal((await search('?title=100%25')).total, 1, '% is taken literally')
  t.equal((await search('?title=kafka&status=INCIDENT_STATUS_RESOLVED&level=level_10')).total, 1)
  t.equal((await search('?assignee=someone-else')).total, 1)
  t.equal((await search('?domain_id=other-domain')).total, 2)
  t.equal((await search('?domain_id=nobody')).total, 0)

  const overview = (await app.inject({ url: '/__admin/overview' })).json().data
  const triggered = await search(`?status=${STATUS.triggered}&limit=5`)
  t.equal(triggered.total, overview.tickets.by_status[STATUS.triggered], 'the same count as the overview')
  t.ok(triggered.tickets.length <= 5)
  t.ok(triggered.tickets.every(found => found.status === STATUS.triggered))
  const all = await search('?category=inc_type_p_config_issues&source=incident_source_manual&limit=200')
  t.ok(all.tickets.every(found => found.incident_type === 'inc_type_p_config_issues' && found.incident_source === 'incident_source_manual'))
  t.ok(all.tickets.some(found => found.domain_id === 'other-domain') && all.tickets.some(found => found.domain_id !== 'other-domain'), 'every domain')
  const times = (await search('?sort=create_time&order=asc&limit=50')).tickets.map(found => found.create_time as number)
  t.same(times, [...times].sort((a, b) => a - b), 'oldest first when asked')
  const newest = (await search('?limit=50')).tickets.map(found => found.create_time as number)
  t.same(newest, [...newest].sort((a, b) => b - a), 'newest first by default')
  const second = await search('?limit=2&page=2')
  const first = await search('?limit=4')
  t.same(second.tickets.map(found => found.incident_num), first.tickets.slice(2).map(found => found.incident_num), 'pages')

  const bad = await app.inject({ url: '/__admin/ticket-search?status=OPEN' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error_code: 'GOM.00007256', error_msg: /status/ })
  t.equal((await app.inject({ url: '/__admin/ticket-search?limit=201' })).statusCode, 400)
})

t.test('one ticket of any domain: fields, names, history, task and the steps allowed now', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/tickets', {
    tickets: [
      ticket({ incident_num: 'IM-UI-1', domain_id: 'other-domain' }),
      ticket({ incident_num: 'IM-UI-DONE', status: STATUS.completed })
    ]
  }))
  const res = await app.inject({ url: '/__admin/tickets/IM-UI-1' })
  t.equal(res.statusCode, 200)
  const page = res.json().data
  t.equal(page.ticket.domain_id, 'other-domain')
  t.ok(page.ticket.enum_data_list.some((item: { name_en: string }) => item.name_en === 'P2'), 'enum names')
  t.match(page.history, [{ action: 'create', name_en: 'Create', status: STATUS.triggered }])
  t.match(page.task, { key: 'incident_accept', task_id: /^[0-9a-f]{32}$/ })
  const accept = page.actions.find((action: { action: string }) => action.action === 'accepted')
  t.match(accept, { v1_key: 'acceptedIncident1', name_en: 'Accept', params: { type: 'object' } })
  t.same(page.workflow, { phase: '', pending_level: null, update_time: page.ticket.create_time, operator: '' })

  const done = (await app.inject({ url: '/__admin/tickets/IM-UI-DONE' })).json().data
  t.equal(done.task, null)
  t.same(done.actions, [], 'a completed ticket offers no step')
  t.ok(done.history.length >= 3, 'the derived history of an inserted ticket')

  const missing = await app.inject({ url: '/__admin/tickets/IM-NOPE' })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { error_code: 'GOM.00004040', error_msg: /IM-NOPE/ })
})

t.test('steps run from the control plane go through the same service and schemas as v2', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/tickets', {
    tickets: [ticket({ incident_num: 'IM-UI-2' }), ticket({ incident_num: 'IM-UI-3', incident_assignee: [], assignee_scene: 's', assignee_role: 'r' })]
  }))
  const act = (num: string, body: unknown) => app.inject(json('POST', `/__admin/tickets/${num}/actions`, body))
  const { task } = (await app.inject({ url: '/__admin/tickets/IM-UI-2' })).json().data

  const accepted = await act('IM-UI-2', { action: 'accepted', task_id: task.task_id })
  t.equal(accepted.statusCode, 200)
  const after = accepted.json().data
  t.equal(after.ticket.status, STATUS.acknowledged)
  t.match(after.history.at(-1), { action: 'accepted', operator: ASSIGNEE, operator_name: 'coc-cim-user' }, 'the assignee by default')
  t.equal(after.task.key, 'incident_handle')

  const stale = await act('IM-UI-2', { action: 'commitSolution', task_id: task.task_id, params: {} })
  t.equal(stale.statusCode, 400)
  t.match(stale.json().error_msg, /task_id: .* stale/)
  const invalid = await act('IM-UI-2', { action: 'commitSolution', params: { cause: 'x' } })
  t.equal(invalid.statusCode, 400)
  t.match(invalid.json().error_msg, /^params\./, 'the step\'s own schema names the parameter')
  const notNow = await act('IM-UI-2', { action: 'confirm' })
  t.match(notNow.json(), { error_code: 'GOM.00007257', error_msg: /not allowed .* allowed: / })
  const unknownKey = await act('IM-UI-2', { action: 'accepted', operater: 'x' })
  t.match(unknownKey.json(), { error_code: 'GOM.00007256', error_msg: /operater: unknown field/ })

  const solved = await act('IM-UI-2', {
    action: 'commitSolution',
    operator: 'ops-1',
    params: { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: 'false', cause: 'a full disk', solution: 'rotated the logs' }
  })
  t.equal(solved.statusCode, 200)
  t.match(solved.json().data.history.at(-1), { action: 'commitSolution', operator: 'ops-1', status: STATUS.resolved })
  const detail = await app.inject({ url: '/v1/external/incident/IM-UI-2', headers: TOKEN })
  t.equal(detail.json().data.status, STATUS.resolved, 'the COC detail route sees the change')
  t.type(detail.json().data.handle_time, 'number')

  const byCreator = await act('IM-UI-3', { action: 'accepted' })
  t.equal(byCreator.json().data.history.at(-1).operator, ticket().creator, 'no assignee: the creator')
  t.equal((await act('IM-NOPE', { action: 'accepted' })).statusCode, 404)
})
