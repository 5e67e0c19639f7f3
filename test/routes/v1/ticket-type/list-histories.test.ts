import t from 'tap'
import { createGenerator } from '../../../../src/seeds/generate.js'
import { CREATE_BODY, EXAMPLE_NUM, fixtures, OPERATOR, setupTicking as setup } from '../../../support/helper.js'

t.test('every create and handle leaves a record, in order', async t => {
  const { post, handle, histories } = await setup(t)
  const num = (await post('/v1/external/incident/create', CREATE_BODY)).json().data.incident_num
  await handle(num, 'acceptedIncident1')
  await handle(num, 'commitSolution1', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'restarted' })
  await handle(num, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'good' })
  const { data } = await histories(num)
  t.equal(data.total, 4)
  t.same(data.info.map((i: { action: string, status: string, operator: string, comment: string }) => [i.action, i.status, i.operator, i.comment]), [
    ['create', 'INCIDENT_STATUS_TRIGGERED', CREATE_BODY.creator, ''],
    ['accepted', 'INCIDENT_STATUS_ACKNOWLEDGED', OPERATOR, ''],
    ['commitSolution', 'INCIDENT_STATUS_RESOLVED', OPERATOR, 'restarted'],
    ['confirm', 'INCIDENT_STATUS_COMPLETED', OPERATOR, 'good']
  ])
  const item = data.info[1]
  t.equal(item.is_deteted, false, 'the misspelled key Terraform reads')
  t.type(item.start_time, 'number')
  t.type(item.stop_time, 'number')
  t.type(item.update_time, 'number')
  t.match(item, { ticket_id: num, action_name_en: 'Accept', action_name_zh: '受理', id: /^\d+$/, action_template_en: 'sre-lead: Accept' })
  t.match(item.enum_data_list[0], { is_deleted: false, biz_id: OPERATOR, user_name: 'sre-lead', prop_id: 'operator', ticket_id: num })
  t.ok(data.info[1].start_time < data.info[2].start_time, 'times increase')

  const external = await histories(num, {}, '/v1/external/incident/list-histories')
  t.same(external, await histories(num), 'the external path answers the same')
  const desc = await histories(num, { sort_filter: { name: 'update_time', operator: 'DESC' } })
  t.same(desc.data.info.map((i: { action: string }) => i.action), ['confirm', 'commitSolution', 'accepted', 'create'])
  const onlyAccept = await histories(num, { string_filters: [{ field: 'ticket_id', values: [num] }, { field: 'action', operator: 'in', values: ['accepted', 'confirm'] }] })
  t.same(onlyAccept.data.info.map((i: { action: string }) => i.action), ['accepted', 'confirm'])
  const notCreator = await histories(num, { string_filters: [{ name: 'ticket_id', operator: 'in', values: [num] }, { field: 'operator', operator: '!=', values: [OPERATOR] }] })
  t.same(notCreator.data.info.map((i: { action: string }) => i.action), ['create'])
})

t.test('seeded tickets have a history consistent with their status', async t => {
  const { histories } = await setup(t, 200)
  const generate = createGenerator(1, fixtures, 'coc-dev-domain')
  const expected: Record<string, string[]> = {
    incident_draft: ['create'],
    INCIDENT_STATUS_TRIGGERED: ['create'],
    INCIDENT_STATUS_ACKNOWLEDGED: ['create', 'accepted'],
    INCIDENT_STATUS_REJECTED: ['create', 'rejected'],
    INCIDENT_STATUS_RESOLVED: ['create', 'accepted', 'commitSolution'],
    INCIDENT_STATUS_COMPLETED: ['create', 'accepted', 'commitSolution', 'confirm']
  }
  const seen = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const ticket = generate(i)
    const { data } = await histories(ticket.incident_num)
    const actions = data.info.map((e: { action: string }) => e.action)
    if (JSON.stringify(actions) !== JSON.stringify(expected[ticket.status])) t.fail(`${ticket.incident_num} (${ticket.status}): ${actions}`)
    const last = data.info.at(-1)
    if (last.status !== ticket.status && ticket.status !== 'incident_draft') t.fail(`${ticket.incident_num}: last record's status ${last.status}`)
    if (ticket.handle_time !== null && !data.info.some((e: { start_time: number }) => e.start_time === ticket.handle_time)) t.fail(`${ticket.incident_num}: no record at handle_time`)
    const times = data.info.map((e: { start_time: number }) => e.start_time)
    if (times.some((time: number, k: number) => k > 0 && time < times[k - 1])) t.fail(`${ticket.incident_num}: times go back`)
    seen.add(ticket.status)
  }
  t.equal(seen.size, 6, 'all six statuses were checked')
  const again = await histories(generate(7).incident_num)
  t.same(again, await histories(generate(7).incident_num), 'deterministic')
})

t.test('the first handle of a seeded ticket keeps its derived history', async t => {
  const { handle, histories } = await setup(t)
  const before = (await histories(EXAMPLE_NUM)).data.info.map((i: { action: string }) => i.action)
  t.same(before, ['create', 'accepted'])
  t.equal((await handle(EXAMPLE_NUM, 'forwardOther1', { virtual_send_assignee: 'u2' })).statusCode, 200)
  const after = (await histories(EXAMPLE_NUM)).data.info
  t.same(after.map((i: { action: string }) => i.action), ['create', 'accepted', 'acceptedForward'])
  t.match(after[2], { target_type: 'assignee', target_value: 'u2' })
})

t.test('bad queries', async t => {
  const { post } = await setup(t)
  const cases: Array<[string, unknown, string]> = [
    ['/v1/incident/list-histories', {}, 'string_filters: a filter on ticket_id (= or in) is required'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'title', values: ['x'] }] }, 'string_filters[0].field: must be one of ticket_id, action, operator'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', operator: 'like', values: ['IM'] }] }, 'string_filters[0].operator: must be = or in for ticket_id'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: [] }] }, 'string_filters[0].values: must hold at least one value'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: [EXAMPLE_NUM] }, { field: 'action', operator: '>', values: ['a'] }] }, 'string_filters[1].operator: must be one of =, in, != for action'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: [EXAMPLE_NUM] }], sort_filter: { field: 'title' } }, 'sort_filter.field: must be one of start_time, update_time, stop_time'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: [EXAMPLE_NUM] }], sort_filter: { field: 'start_time', operator: 'up' } }, 'sort_filter.operator: must be asc or desc'],
    ['/v1/issues_mgmt/list-histories', { string_filters: [{ field: 'ticket_id', values: [EXAMPLE_NUM] }] }, 'ticket_type: [issues_mgmt] is not emulated; only incident is'],
    ['/v1/external/change/list-histories', { string_filters: [{ field: 'ticket_id', values: [EXAMPLE_NUM] }] }, 'ticket_type: [change] is not emulated; only incident is'],
    ['/v1/incident/list-histories', { string_filters: 'x' }, 'string_filters[0]: must be object'],
    ['/v1/incident/list-histories', { string_filters: [{ values: ['x'] }] }, 'string_filters[0].field: must be one of ticket_id, action, operator'],
    ['/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id' }] }, 'string_filters[0].values: must hold at least one value']
  ]
  for (const [url, body, message] of cases) {
    const res = await post(url, body)
    t.equal(res.statusCode, 400, message)
    t.match(res.json(), { error_code: 'GOM.00007256', error_msg: message })
  }
  const missing = await post('/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', values: ['IM000'] }] })
  t.match(missing.json(), { error_code: 'COC.00067003' })
})
