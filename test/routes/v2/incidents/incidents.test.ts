import t, { type Test } from 'tap'
import { allowedKeys } from '../../../../src/incident/workflow.js'
import { CREATE_BODY, EXAMPLE_NUM, setup as setupApi, TOKEN } from '../../../support/helper.js'

const CREATE = { ...CREATE_BODY, incident_title: 'v2' }

async function setup (t: Test) {
  let clock = Date.UTC(2026, 10, 27, 12, 0, 0)
  const { app, create: createWith, handle, detail } = await setupApi(t, { now: () => clock++ })
  const create = () => createWith(CREATE)
  const tasks = async (num: string) => (await app.inject({ url: `/v2/incidents/${num}/tasks`, headers: TOKEN })).json()
  const act = async (num: string, action: string, params: unknown = {}, taskId?: string, path = 'actions') => {
    const task = taskId ?? (await tasks(num)).data[0]?.operations[0]?.task_id ?? 'none'
    return app.inject({ method: 'POST', url: `/v2/incidents/${num}/${path}`, headers: TOKEN, payload: { task_id: task, action, params } })
  }
  const v1 = (num: string, key: string, parameter: object = {}) => handle(num, key, parameter, 'v1-user')
  const status = async (num: string): Promise<string> => (await detail(num)).status
  return { app, create, tasks, act, v1, status, detail }
}

t.test('the task of each state offers the table\'s v2 actions, and its id changes with every step', async t => {
  const { create, tasks, act, status } = await setup(t)
  const num = await create()
  const seen = new Set<string>()
  const check = async (state: { status: string, phase: '' | 'pause_pending' | 'paused' | 'level_pending' }, key: string) => {
    const { data } = await tasks(num)
    t.equal(data.length, 1, `${key}: one task`)
    t.match(data[0], { type: 'userTask', key, state: 'active' })
    t.same(data[0].operations.map((o: { key: string }) => o.key), allowedKeys('v2', state), `${key}: the allowed actions`)
    const ids = new Set(data[0].operations.map((o: { task_id: string }) => o.task_id))
    t.equal(ids.size, 1, 'one task id for all operations')
    const [id] = [...ids] as string[]
    t.notOk(seen.has(id!), 'a new task id')
    seen.add(id!)
  }
  await check({ status: 'INCIDENT_STATUS_TRIGGERED', phase: '' }, 'incident_accept')
  t.equal((await act(num, 'changeLevel', { virtual_target_level: 'level_20', virtual_change_level_comment: 'worse' })).statusCode, 200)
  await check({ status: 'INCIDENT_STATUS_TRIGGERED', phase: 'level_pending' }, 'incident_level_approval')
  t.equal((await act(num, 'agreed', { conclusion: 'true', note: 'ok' })).statusCode, 200)
  t.equal((await act(num, 'accepted', null)).statusCode, 200, 'params may be null')
  await check({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', phase: '' }, 'incident_handle')
  t.equal((await act(num, 'incidentPause', { pause_end_time: '1764300000000', pause_reason: 'vendor' })).statusCode, 200)
  await check({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', phase: 'pause_pending' }, 'incident_pause_approval')
  t.equal((await act(num, 'agreed', { pause_approve_conclusion: 'true' })).statusCode, 200)
  await check({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', phase: 'paused' }, 'incident_paused')
  t.equal((await act(num, 'recovery')).statusCode, 200, 'v2 can resume a pause')
  t.equal((await act(num, 'commitSolution', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: 'false', cause: 'c', solution: 's' })).statusCode, 200)
  await check({ status: 'INCIDENT_STATUS_RESOLVED', phase: '' }, 'incident_verify')
  t.equal((await act(num, 'confirm', { virtual_confirm_result: 'true', virtual_confirm_comment: 'ok' }, undefined, 'action')).statusCode, 200, 'the /action spelling')
  t.equal(await status(num), 'INCIDENT_STATUS_COMPLETED')
  t.same((await tasks(num)).data, [], 'a completed ticket has no task')

  const rejected = await create()
  await act(rejected, 'rejected', { virtual_confirm_comment: 'duplicate' })
  const { data } = await tasks(rejected)
  t.match(data[0], { key: 'incident_rejected' })
  t.same(data[0].operations.map((o: { key: string }) => o.key), ['ReOpen', 'agreed'])
})

t.test('refusals', async t => {
  const { create, tasks, act } = await setup(t)
  const num = await create()
  const before = (await tasks(num)).data[0].operations[0].task_id
  await act(num, 'addRemark', { note: 'looking' })
  const stale = await act(num, 'accepted', {}, before)
  t.equal(stale.statusCode, 400)
  t.match(stale.json(), { error_code: 'GOM.00007257', error_msg: `task_id: [${before}] is stale or unknown: incident [${num}] is at another step; read its tasks again` })
  t.match((await act(num, 'acceptedIncident1')).json(), { error_code: 'GOM.00007256', error_msg: 'The field[action] value[acceptedIncident1] invalid' })
  t.match((await act(num, 'confirm')).json(), { error_code: 'GOM.00007257', error_msg: /^action: \[confirm\] is not allowed .*; allowed: accepted, unAcceptedForward, rejected, addRemark, changeLevel$/ })
  t.match((await act(num, 'addRemark', {})).json(), { error_code: 'GOM.00007256', error_msg: 'params.note: is required' })
  t.match((await act(num, 'changeLevel', { virtual_target_level: 'level_99', virtual_change_level_comment: 'x' })).json(), { error_msg: /^params\.virtual_target_level: must be one of level_10/ })
  t.match((await act(num, 'accepted', 'yes')).json(), { error_code: 'GOM.00007256', error_msg: 'params: must be object' })
  for (const [route, res] of [
    ['tasks', await tasks('IM000')],
    ['actions', (await act('IM000', 'accepted', {}, 'x')).json()]
  ] as const) t.match(res, { error_code: 'COC.00067003' }, `${route} of an unknown ticket`)
  const long = await tasks('I'.repeat(51))
  t.match(long, { error_code: 'GOM.00007256', error_msg: 'incident_id: must NOT have more than 50 characters' })
})

t.test('v1 and v2 on one ticket', async t => {
  const { create, act, v1, status, app } = await setup(t)
  const num = await create()
  t.equal((await v1(num, 'acceptedIncident1')).statusCode, 200)
  t.equal((await act(num, 'commitSolution', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'fixed' })).statusCode, 200)
  t.equal((await v1(num, 'confirm', { virtual_confirm_result: false, virtual_confirm_comment: 'not yet' })).statusCode, 200)
  t.equal(await status(num), 'INCIDENT_STATUS_ACKNOWLEDGED')
  t.equal((await act(num, 'commitSolution', { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'fixed again' })).statusCode, 200)
  t.equal((await act(num, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'ok' })).statusCode, 200)
  const histories = (await app.inject({ method: 'POST', url: `/v2/incidents/${num}/histories`, headers: TOKEN, payload: {} })).json().data
  t.equal(histories.total, 6)
  t.same(histories.info.map((i: { action: string, operator: string }) => [i.action, i.operator]), [
    ['create', CREATE.creator], ['accepted', 'v1-user'], ['commitSolution', '25819b46251b46218bf6ad238ddd860c'],
    ['confirm', 'v1-user'], ['commitSolution', '25819b46251b46218bf6ad238ddd860c'], ['confirm', '25819b46251b46218bf6ad238ddd860c']
  ], 'v2 acts as the credential\'s user')
  for (const item of histories.info) {
    t.type(item.start_time, 'string')
    t.match(item.start_time, /^\d{13}$/)
    t.type(item.stop_time, 'string')
  }
  t.match(histories.info[2].enum_data_list[0], { prop_id: 'operator', biz_id: '25819b46251b46218bf6ad238ddd860c', name_en: 'coc-cim-user' })
  const filtered = (await app.inject({ method: 'POST', url: `/v2/incidents/${num}/histories`, headers: TOKEN, payload: { string_filters: [{ field: 'action', operator: '=', values: ['confirm'] }], sort_filter: [{ field: 'start_time', operator: 'desc' }] } })).json().data
  t.same(filtered.info.map((i: { comment: string }) => i.comment), ['ok', 'not yet'], 'filters and a sort_filter given as an array')
  const seeded = (await app.inject({ method: 'POST', url: `/v2/incidents/${EXAMPLE_NUM}/histories`, headers: TOKEN, payload: { sort_filter: { field: 'start_time' } } })).json().data
  t.same(seeded.info.map((i: { action: string }) => i.action), ['create', 'accepted'])
  const bad = await app.inject({ method: 'POST', url: `/v2/incidents/${num}/histories`, headers: TOKEN, payload: { string_filters: [{ field: 'title', values: ['x'] }] } })
  t.match(bad.json(), { error_code: 'GOM.00007256', error_msg: 'string_filters[0].field: [title] cannot be filtered; one of ticket_id, action, action_id, operator, status, comment, start_time, stop_time, update_time' })
  const empty = await app.inject({ method: 'POST', url: `/v2/incidents/${num}/histories`, headers: TOKEN, payload: { sort_filter: [] } })
  t.equal(empty.json().data.total, 6, 'an empty sort_filter array sorts by time')
})

t.test('the remaining actions through v2: forwards, refusals of approvals, reopen and close', async t => {
  const { create, act, status, detail } = await setup(t)
  const num = await create()
  t.equal((await act(num, 'unAcceptedForward', { virtual_send_assignee: 'u7', virtual_send_comment: 'yours' })).statusCode, 200)
  t.same((await detail(num)).incident_assignee, ['u7'])
  await act(num, 'changeLevel', { virtual_target_level: 'level_10', virtual_change_level_comment: 'worse' })
  t.equal((await act(num, 'rejected', { conclusion: 'false', note: 'no' })).statusCode, 200, 'a level change refused')
  t.equal((await detail(num)).incident_level, 'level_40')
  await act(num, 'accepted')
  t.equal((await act(num, 'acceptedForward', { virtual_schedule_type: 'scene_db', virtual_schedule_role: 'role_primary' })).statusCode, 200)
  t.match(await detail(num), { incident_assignee: [], assignee_scene: 'scene_db', assignee_role: 'role_primary' })
  await act(num, 'incidentPause', { pause_end_time: 1764300000000, pause_reason: 'vendor' })
  t.equal((await act(num, 'rejected', { pause_approve_conclusion: false })).statusCode, 200, 'a pause refused')
  t.equal((await act(num, 'addRemark', { note: 'still on it' })).statusCode, 200)

  const other = await create()
  await act(other, 'rejected', { virtual_confirm_comment: 'duplicate' })
  t.equal((await act(other, 'ReOpen', { title: 'reopened', mtm_type: 'inc_type_p_change_issues', is_service_interrupt: 'true', start_time: '1764200000000' })).statusCode, 200)
  t.match(await detail(other), { status: 'INCIDENT_STATUS_TRIGGERED', incident_title: 'reopened', incident_type: 'inc_type_p_change_issues', is_service_interrupt: true, start_time: 1764200000000 })
  await act(other, 'rejected', { virtual_confirm_comment: 'duplicate again' })
  t.equal((await act(other, 'agreed')).statusCode, 200, 'a rejected ticket closed')
  t.equal(await status(other), 'INCIDENT_STATUS_COMPLETED')
})
