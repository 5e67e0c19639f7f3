import t from 'tap'
import type { IncidentRecord } from '../../src/schemas/incident.js'
import { allowedKeys, applyStep, crossFieldError, findStep, STEPS, type Phase, type WorkflowState } from '../../src/incident/workflow.js'
import { STEP_IDS } from '../../src/vocab.js'

const T = 'INCIDENT_STATUS_TRIGGERED'
const A = 'INCIDENT_STATUS_ACKNOWLEDGED'
const R = 'INCIDENT_STATUS_RESOLVED'
const C = 'INCIDENT_STATUS_COMPLETED'
const J = 'INCIDENT_STATUS_REJECTED'
const D = 'incident_draft'
const s = (status: string, phase: Phase = ''): WorkflowState => ({ status, phase })

// The table written out by hand: state → v1 keys and v2 actions allowed there.
const EXPECTED: Array<[WorkflowState, string[], string[]]> = [
  [s(D), [], []],
  [s(T), ['acceptedIncident1', 'forwardOther1', 'rejected', 'incidentChangeLevel1'], ['accepted', 'unAcceptedForward', 'rejected', 'addRemark', 'changeLevel']],
  [s(T, 'level_pending'), ['agreed', 'rejected'], ['addRemark', 'agreed', 'rejected']],
  [s(A), ['forwardOther1', 'commitSolution1', 'incidentPause', 'incidentChangeLevel1'], ['acceptedForward', 'addRemark', 'commitSolution', 'incidentPause', 'changeLevel']],
  [s(A, 'pause_pending'), ['agreed', 'rejected'], ['addRemark', 'agreed', 'rejected']],
  [s(A, 'paused'), [], ['addRemark', 'recovery']],
  [s(A, 'level_pending'), ['agreed', 'rejected'], ['addRemark', 'agreed', 'rejected']],
  [s(R), ['confirm'], ['addRemark', 'confirm']],
  [s(J), ['ReOpen', 'agreed'], ['ReOpen', 'agreed']],
  [s(C), [], []]
]

// Where each allowed v2 action leads, by hand.
const LEADS: Array<[WorkflowState, string, Record<string, unknown>, WorkflowState]> = [
  [s(T), 'accepted', {}, s(A)],
  [s(T), 'unAcceptedForward', {}, s(T)],
  [s(T), 'rejected', {}, s(J)],
  [s(T), 'addRemark', {}, s(T)],
  [s(T), 'changeLevel', {}, s(T, 'level_pending')],
  [s(T, 'level_pending'), 'agreed', {}, s(T)],
  [s(T, 'level_pending'), 'rejected', {}, s(T)],
  [s(A), 'acceptedForward', {}, s(A)],
  [s(A), 'commitSolution', {}, s(R)],
  [s(A), 'incidentPause', {}, s(A, 'pause_pending')],
  [s(A), 'changeLevel', {}, s(A, 'level_pending')],
  [s(A, 'pause_pending'), 'agreed', {}, s(A, 'paused')],
  [s(A, 'pause_pending'), 'rejected', {}, s(A)],
  [s(A, 'paused'), 'recovery', {}, s(A)],
  [s(A, 'paused'), 'addRemark', {}, s(A, 'paused')],
  [s(A, 'level_pending'), 'agreed', {}, s(A)],
  [s(A, 'level_pending'), 'rejected', {}, s(A)],
  [s(R), 'confirm', { virtual_confirm_result: true }, s(C)],
  [s(R), 'confirm', { virtual_confirm_result: false }, s(A)],
  [s(J), 'ReOpen', {}, s(T)],
  [s(J), 'agreed', {}, s(C)]
]

t.test('every state allows exactly the documented keys', async t => {
  for (const [state, v1, v2] of EXPECTED) {
    t.same(allowedKeys('v1', state).sort(), [...v1].sort(), `${state.status}/${state.phase || '-'}: v1`)
    t.same(allowedKeys('v2', state).sort(), [...v2].sort(), `${state.status}/${state.phase || '-'}: v2`)
  }
})

t.test('every key not allowed in a state is refused there', async t => {
  const everyV1 = [...new Set(STEPS.flatMap(step => step.v1 ?? []))]
  const everyV2 = [...new Set(STEPS.map(step => step.v2))]
  let refused = 0
  for (const [state, v1, v2] of EXPECTED) {
    for (const key of everyV1.filter(k => !v1.includes(k))) { t.equal(findStep('v1', key, state), undefined); refused++ }
    for (const key of everyV2.filter(k => !v2.includes(k))) { t.equal(findStep('v2', key, state), undefined); refused++ }
  }
  t.ok(refused > 80, `${refused} refusals checked`)
})

t.test('every allowed step leads where the table says', async t => {
  for (const [from, action, params, to] of LEADS) {
    const step = findStep('v2', action, from)!
    t.same(step.to(from, params), to, `${from.status}/${from.phase || '-'} --${action}--> ${to.status}/${to.phase || '-'}`)
  }
  t.equal(new Set(LEADS.map(([from, action]) => `${from.status}/${from.phase}/${action}`)).size + 1, LEADS.length, 'each (state, action) listed once, confirm twice')
})

t.test('v1 and v2 name the same steps', async t => {
  t.equal(findStep('v1', 'acceptedIncident1', s(T))!.id, findStep('v2', 'accepted', s(T))!.id)
  t.equal(findStep('v1', 'commitSolution1', s(A))!.id, 'commitSolution')
  t.equal(findStep('v1', 'agreed', s(A, 'pause_pending'))!.id, 'approvePause')
  t.equal(findStep('v1', 'agreed', s(A, 'level_pending'))!.id, 'approveLevelChange')
  t.equal(findStep('v1', 'agreed', s(J))!.id, 'closeRejected', 'one key, three meanings by state')
})

const base: IncidentRecord = {
  incident_num: 'IM1', domain_id: 'd', region: ['r'], enterprise_project: ['0'], current_cloud_service: ['app'],
  incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues',
  incident_title: 't', incident_description: 'd', incident_source: 'incident_source_manual', incident_assignee: [],
  assignee_scene: 'sc', assignee_role: 'ro', warroom_id: '', handle_time: null, status: T, create_time: 1, creator: 'c'
}
const run = (record: IncidentRecord, state: WorkflowState, action: string, params: Record<string, unknown> = {}) =>
  applyStep({ ...record, status: state.status, workflow: { phase: state.phase, pending_level: record.workflow?.pending_level ?? null, update_time: 1, operator: '', synthetic_history: false } },
    findStep('v2', action, state)!, params, { operator: 'op', now: 1000 })

t.test('what each step changes on the ticket', async t => {
  const accepted = run(base, s(T), 'accepted')
  t.same(accepted.record.incident_assignee, ['op'], 'assigned by role, the ticket goes to whoever accepts it')
  t.match(accepted.record.workflow, { update_time: 1000, operator: 'op', phase: '' })
  t.match(accepted.history, { action: 'accepted', step: 'accept', operator: 'op', status: A, start_time: 1000 })
  t.same(run({ ...base, incident_assignee: ['x'] }, s(T), 'accepted').record.incident_assignee, ['x'])

  const forwarded = run(base, s(T), 'unAcceptedForward', { virtual_send_assignee: 'u2', virtual_send_comment: 'yours' })
  t.match(forwarded.record, { incident_assignee: ['u2'], assignee_scene: '', assignee_role: '' })
  t.match(forwarded.history, { comment: 'yours', target_type: 'assignee', target_value: 'u2' })
  const byRole = run({ ...base, incident_assignee: ['x'] }, s(A), 'acceptedForward', { virtual_schedule_type: 'S', virtual_schedule_role: 'R' })
  t.match(byRole.record, { incident_assignee: [], assignee_scene: 'S', assignee_role: 'R' })

  const solved = run(base, s(A), 'commitSolution', { mtm_type: 'inc_type_p_change_issues', is_service_interrupt: true, start_time: 10, fault_recovery_time: 20, cause: 'c', solution: 'rolled back' })
  t.match(solved.record, { status: R, handle_time: 1000, incident_type: 'inc_type_p_change_issues', is_service_interrupt: true, start_time: 10, fault_recovery_time: 20 })
  t.equal(solved.history.comment, 'rolled back')
  t.notOk('start_time' in run(base, s(A), 'commitSolution', { mtm_type: 'inc_type_p_change_issues', is_service_interrupt: false, cause: 'c', solution: 's' }).record)

  const asked = run(base, s(A), 'changeLevel', { virtual_target_level: 'level_10', virtual_change_level_comment: 'worse' })
  t.match(asked.record.workflow, { phase: 'level_pending', pending_level: 'level_10' })
  t.match(asked.history, { comment: 'worse', target_type: 'level', target_value: 'level_10' })
  const approved = run(asked.record, s(A, 'level_pending'), 'agreed')
  t.match(approved.record, { incident_level: 'level_10', workflow: { pending_level: null, phase: '' } })
  const refused = run(asked.record, s(A, 'level_pending'), 'rejected')
  t.match(refused.record, { incident_level: 'level_40', workflow: { pending_level: null } })

  const lost = run(base, s(A, 'level_pending'), 'agreed')
  t.equal(lost.record.incident_level, 'level_40', 'without a pending level the level stays')
  const paused = run(base, s(A), 'incidentPause', { pause_end_time: 5000, pause_reason: 'waiting for vendor' })
  t.match(paused.history, { comment: 'waiting for vendor', target_type: 'pause_end_time', target_value: '5000' })

  const reopened = run({ ...base, incident_assignee: ['x'] }, s(J), 'ReOpen', {
    level_id: 'level_20', mtm_type: 'inc_type_p_security_issues', title: 'new', description: 'nd', is_service_interrupt: true,
    current_cloud_service_id: 'app2', enterprise_project_id: 'ep', mtm_region: 'cn-east-3', source_id: 'incident_source_alarm',
    incident_ownership: 'own', start_time: 7, assignee_scene: 'S2', assignee_role: 'R2'
  })
  t.match(reopened.record, {
    status: T, incident_level: 'level_20', incident_type: 'inc_type_p_security_issues', incident_title: 'new', incident_description: 'nd',
    is_service_interrupt: true, current_cloud_service: ['app2'], enterprise_project: ['ep'], region: ['cn-east-3'],
    incident_source: 'incident_source_alarm', incident_ownership: 'own', start_time: 7, incident_assignee: [], assignee_scene: 'S2', assignee_role: 'R2'
  })
  t.same(run(base, s(J), 'ReOpen', { assignee: 'u9' }).record.incident_assignee, ['u9'])
  t.same(run(base, s(J), 'ReOpen', {}).record.incident_title, 't', 'unset fields stay')
})

t.test('rules across parameters', async t => {
  const solve = findStep('v2', 'commitSolution', s(A))!
  t.equal(crossFieldError(solve, { is_service_interrupt: true }), 'start_time: is required when is_service_interrupt is true')
  t.equal(crossFieldError(solve, { is_service_interrupt: true, start_time: 5 }), 'fault_recovery_time: is required when is_service_interrupt is true')
  t.equal(crossFieldError(solve, { is_service_interrupt: true, start_time: 5, fault_recovery_time: 4 }), 'fault_recovery_time: must not be before start_time')
  t.equal(crossFieldError(solve, { is_service_interrupt: true, start_time: 5, fault_recovery_time: 5 }), null)
  t.equal(crossFieldError(solve, { is_service_interrupt: false }), null)
  const forward = findStep('v2', 'acceptedForward', s(A))!
  t.match(crossFieldError(forward, { virtual_schedule_type: 'S' }), /^virtual_send_assignee: is required unless/)
  t.equal(crossFieldError(forward, { virtual_send_assignee: 'u' }), null)
  t.equal(crossFieldError(forward, { virtual_schedule_type: 'S', virtual_schedule_role: 'R' }), null)
  t.equal(crossFieldError(findStep('v2', 'accepted', s(T))!, {}), null)
})

t.test('the step ids the schemas list are the workflow table\'s own, in its order', async t => {
  t.same([...STEP_IDS], STEPS.map(step => step.id))
})
