import t, { type Test } from 'tap'
import { EXAMPLE_NUM, setup as setupApi } from '../../../../support/helper.js'

const SOLUTION = { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: 'false', cause: 'bad config', solution: 'reverted' }
let clock = Date.UTC(2026, 10, 27, 12, 0, 0)

const setup = (t: Test) => setupApi(t, { now: () => clock })

t.test('accept, solve, verify', async t => {
  const { create, handle, detail } = await setup(t)
  const num = await create()
  const accepted = await handle(num, 'acceptedIncident1')
  t.equal(accepted.statusCode, 200)
  t.same(accepted.json(), { provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data: null })
  t.equal((await detail(num)).status, 'INCIDENT_STATUS_ACKNOWLEDGED')
  clock += 60_000
  t.equal((await handle(num, 'commitSolution1', { ...SOLUTION, is_service_interrupt: 'true', start_time: '1764240000000', fault_recovery_time: 1764243600000 })).statusCode, 200)
  const solved = await detail(num)
  t.match(solved, { status: 'INCIDENT_STATUS_RESOLVED', handle_time: clock, incident_type: 'inc_type_p_config_issues', is_service_interrupt: true, start_time: 1764240000000, fault_recovery_time: 1764243600000 })
  t.equal((await handle(num, 'confirm', { virtual_confirm_result: 'true', virtual_confirm_comment: 'fine now' })).statusCode, 200)
  t.equal((await detail(num)).status, 'INCIDENT_STATUS_COMPLETED')
  const closed = await handle(num, 'acceptedIncident1')
  t.equal(closed.json().error_code, 'GOM.00007257')
  t.match(closed.json().error_msg, /is INCIDENT_STATUS_COMPLETED; allowed: none$/)
})

t.test('parameter may be omitted, null or {} where none is needed', async t => {
  const { post, create } = await setup(t)
  for (const parameter of [undefined, null, {}]) {
    const num = await create()
    const res = await post('/v1/external/incident/handle', { incident_num: num, operator: 'u', operate_key: 'acceptedIncident1', parameter })
    t.equal(res.statusCode, 200, `parameter ${JSON.stringify(parameter)}`)
  }
})

t.test('refusals', async t => {
  const { create, handle } = await setup(t)
  const num = await create()
  const unknown = await handle(num, 'acceptedIncident111')
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: 'The field[operate_key] value[acceptedIncident111] invalid', data: null })
  const v2Only = await handle(num, 'accepted')
  t.equal(v2Only.json().error_msg, 'The field[operate_key] value[accepted] invalid', 'v2 action names are not v1 keys')
  const early = await handle(num, 'commitSolution1', SOLUTION)
  t.equal(early.json().error_code, 'GOM.00007257')
  t.equal(early.json().error_msg, `operate_key: [commitSolution1] is not allowed while incident [${num}] is INCIDENT_STATUS_TRIGGERED; allowed: acceptedIncident1, forwardOther1, rejected, incidentChangeLevel1`)
  const missing = await handle('IM202611271200000000000000', 'acceptedIncident1')
  t.match(missing.json(), { error_code: 'COC.00067003', error_msg: 'incident_num: no incident ticket [IM202611271200000000000000] exists' })
  const body = await handle(num, '')
  t.match(body.json(), { error_code: 'GOM.00007256', error_msg: 'operate_key: must NOT have fewer than 1 characters' })
  const noOperator = await handle(num, 'acceptedIncident1', {}, '')
  t.match(noOperator.json(), { error_code: 'GOM.00007256', error_msg: 'operator: must NOT have fewer than 1 characters' })
  const notObject = await handle(num, 'acceptedIncident1', 'yes')
  t.match(notObject.json(), { error_code: 'GOM.00007256', error_msg: 'parameter: must be object' })
})

t.test('commitSolution1 parameters', async t => {
  const { create, handle } = await setup(t)
  const num = await create()
  await handle(num, 'acceptedIncident1')
  const cases: Array<[object, string]> = [
    [{ ...SOLUTION, mtm_type: undefined }, 'parameter.mtm_type: is required'],
    [{ ...SOLUTION, is_service_interrupt: undefined }, 'parameter.is_service_interrupt: is required'],
    [{ ...SOLUTION, cause: undefined }, 'parameter.cause: is required'],
    [{ ...SOLUTION, solution: undefined }, 'parameter.solution: is required'],
    [{ ...SOLUTION, cause: 'c'.repeat(10_001) }, 'parameter.cause: must NOT have more than 10000 characters'],
    [{ ...SOLUTION, solution: 's'.repeat(10_001) }, 'parameter.solution: must NOT have more than 10000 characters'],
    [{ ...SOLUTION, mtm_type: 'other' }, 'parameter.mtm_type: must be one of inc_type_p_security_issues'],
    [{ ...SOLUTION, is_service_interrupt: 'maybe' }, 'parameter.is_service_interrupt: must be boolean'],
    [{ ...SOLUTION, is_service_interrupt: 'true' }, 'parameter.start_time: is required when is_service_interrupt is true'],
    [{ ...SOLUTION, is_service_interrupt: true, start_time: '1' }, 'parameter.fault_recovery_time: is required when is_service_interrupt is true'],
    [{ ...SOLUTION, is_service_interrupt: true, start_time: 'noon', fault_recovery_time: 2 }, 'parameter.start_time: must be integer']
  ]
  for (const [parameter, message] of cases) {
    const res = await handle(num, 'commitSolution1', parameter)
    t.equal(res.json().error_code, 'GOM.00007256', message)
    t.ok(res.json().error_msg.startsWith(message), res.json().error_msg)
  }
  const ok = await handle(num, 'commitSolution1', { ...SOLUTION, cause: 'c'.repeat(10_000), solution: 's'.repeat(10_000), extra: 'ignored' })
  t.equal(ok.statusCode, 200, '10,000 characters each are allowed')
})

t.test('confirm parameters, and a failed verification', async t => {
  const { create, handle, detail } = await setup(t)
  const num = await create()
  await handle(num, 'acceptedIncident1')
  await handle(num, 'commitSolution1', SOLUTION)
  const long = await handle(num, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'c'.repeat(301) })
  t.equal(long.json().error_msg, 'parameter.virtual_confirm_comment: must NOT have more than 300 characters')
  const missing = await handle(num, 'confirm', { virtual_confirm_comment: 'x' })
  t.equal(missing.json().error_msg, 'parameter.virtual_confirm_result: is required')
  const handled = (await detail(num)).handle_time
  t.equal((await handle(num, 'confirm', { virtual_confirm_result: 'false', virtual_confirm_comment: 'c'.repeat(300) })).statusCode, 200)
  const back = await detail(num)
  t.equal(back.status, 'INCIDENT_STATUS_ACKNOWLEDGED', 'a failed verification goes back to the handler')
  t.equal(back.handle_time, handled, 'handle_time stays the last solution\'s time')
})

t.test('pause, level change, forward, reject and reopen through v1', async t => {
  const { create, handle, detail } = await setup(t)
  const num = await create()
  t.equal((await handle(num, 'forwardOther1', { virtual_send_assignee: '3f1c2a9e8b7d4c6a9e0f1b2c3d4e5f60', virtual_send_comment: 'yours' })).statusCode, 200)
  t.same((await detail(num)).incident_assignee, ['3f1c2a9e8b7d4c6a9e0f1b2c3d4e5f60'])
  t.equal((await handle(num, 'incidentChangeLevel1', { virtual_target_level: 'level_10', virtual_change_level_comment: 'worse' })).statusCode, 200)
  t.equal((await detail(num)).incident_level, 'level_40', 'not before approval')
  const busy = await handle(num, 'acceptedIncident1')
  t.match(busy.json().error_msg, /with a level change awaiting approval; allowed: agreed, rejected$/)
  t.equal((await handle(num, 'agreed', { conclusion: 'true', note: 'ok' })).statusCode, 200)
  t.equal((await detail(num)).incident_level, 'level_10')
  await handle(num, 'acceptedIncident1')
  t.equal((await handle(num, 'incidentPause', { pause_end_time: '1764300000000', pause_reason: 'vendor' })).statusCode, 200)
  t.equal((await handle(num, 'rejected', { pause_approve_conclusion: 'false' })).statusCode, 200)
  t.equal((await handle(num, 'incidentPause', { pause_end_time: 1764300000000, pause_reason: 'vendor' })).statusCode, 200)
  t.equal((await handle(num, 'agreed', { pause_approve_conclusion: true })).statusCode, 200)
  const paused = await handle(num, 'commitSolution1', SOLUTION)
  t.match(paused.json().error_msg, /is INCIDENT_STATUS_ACKNOWLEDGED and paused; allowed: none$/, 'v1 has no key to resume')

  const other = await create()
  t.equal((await handle(other, 'rejected', { virtual_confirm_comment: 'duplicate' })).statusCode, 200)
  t.equal((await detail(other)).status, 'INCIDENT_STATUS_REJECTED')
  t.equal((await handle(other, 'ReOpen', { title: 'login fails for SSO users', level_id: 'level_20' })).statusCode, 200)
  t.match(await detail(other), { status: 'INCIDENT_STATUS_TRIGGERED', incident_title: 'login fails for SSO users', incident_level: 'level_20' })
  await handle(other, 'rejected', { virtual_confirm_comment: 'duplicate' })
  t.equal((await handle(other, 'agreed')).statusCode, 200)
  t.equal((await detail(other)).status, 'INCIDENT_STATUS_COMPLETED', 'a rejected ticket can be closed')
})

t.test('a seeded ticket can be handled, and its detail changes at once', async t => {
  const { handle, detail } = await setup(t)
  t.equal((await detail(EXAMPLE_NUM)).status, 'INCIDENT_STATUS_ACKNOWLEDGED', 'read once, so its body is cached')
  t.equal((await handle(EXAMPLE_NUM, 'commitSolution1', SOLUTION)).statusCode, 200)
  const after = await detail(EXAMPLE_NUM)
  t.match(after, { status: 'INCIDENT_STATUS_RESOLVED', handle_time: clock })
  t.match(after.enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'work_flow_status'), { enum_key: 'INCIDENT_STATUS_RESOLVED', name_en: 'RESOLVED' },
    'the enum list follows the ticket once it changed')
})
