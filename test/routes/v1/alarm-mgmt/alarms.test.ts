import t from 'tap'
import { build, fixtures, setup, TOKEN } from '../../../support/helper.js'
import { EXAMPLE_ALARM_ID, generateAlarms, SEEDED_ALARMS } from '../../../../src/alarm/seed.js'
import { splitIds } from '../../../../src/alarm/service.js'
import { incidentOf } from '../../../../src/admin/request-facts.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }

/** What the Terraform provider sends for huaweicloud_coc_alarm_linked_incident: unset optionals as null. */
const linkBody = (alarmIds: string, extra: object = {}) => ({
  alarm_ids: alarmIds,
  current_cloud_service_id: '6470681a31da2a47ed50a919',
  description: 'CPU above 90%',
  is_service_interrupt: false,
  level_id: 'level_30',
  mtm_type: 'inc_type_p_reliability_issues',
  title: 'checkout hosts overloaded',
  enterprise_project_id: null,
  assignee: '7da46971b7e24eed90cf777cc2ff8b91',
  assignee_role: null,
  assignee_scene: null,
  attachment: null,
  is_change_event: null,
  mtm_region: null,
  source_id: null,
  ...extra
})

const insert = async (api: Awaited<ReturnType<typeof setup>>, alarms: object[]) =>
  await api.app.inject({ method: 'POST', url: '/__admin/alarms', payload: { alarms } })

t.test('seeded alarms are the same for a seed, differ across seeds, and include the example alarm', async t => {
  const one = generateAlarms(1, fixtures)
  t.equal(one.length, SEEDED_ALARMS + 1)
  t.same(generateAlarms(1, fixtures), one)
  t.not(generateAlarms(2, fixtures)[1]!.id, one[1]!.id)
  t.equal(one[0]!.id, EXAMPLE_ALARM_ID)
  t.equal(new Set(one.map(alarm => alarm.id)).size, one.length, 'ids are unique')
  for (const alarm of one.slice(1)) t.match(alarm.id, /^AL\d{24}$/)
  const bare = generateAlarms(1, { users: new Map(), applications: new Map() }, 2)
  t.match(bare[1], { owner: 'system', app: 'app001' }, 'empty fixture lists get stand-ins')
  t.same(splitIds(' a, b,,a ,'), ['a', 'b'])
})

t.test('show, handle histories, auto-process and clear; another domain sees nothing', async t => {
  const api = await setup(t, { now: () => Date.UTC(2026, 0, 2) })
  const shown = await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: TOKEN })
  t.equal(shown.statusCode, 200)
  t.match(shown.json(), { error_code: 'GOM.00000000', data: { id: EXAMPLE_ALARM_ID, status: 'UNHANDLED', associate_event_id: '', domain_id: 'coc-dev-domain' } })
  const hidden = await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: OTHER })
  t.match(hidden.json(), { error_code: 'COC.00067003', error_msg: `alarm_id: no alarm [${EXAMPLE_ALARM_ID}] exists` })
  t.equal(hidden.statusCode, 400)

  const processUrl = `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}/auto-process`
  const task = { task_type: 'SCRIPT', associated_task_id: 'sc-1', associated_task_type: 'CUSTOMIZATION', associated_task_name: 'restart', input_param: { a: '1' } }
  const first = await api.post(processUrl, task)
  t.equal(first.statusCode, 200, first.body)
  t.match(first.json().data, { alarm_id: EXAMPLE_ALARM_ID, work_order_id: /^WO[0-9a-f]{24}$/ })
  const second = await api.post(processUrl, { ...task, sub_task_info: { sub_task_type: 'JOB' } })
  t.not(second.json().data.work_order_id, first.json().data.work_order_id)
  t.match((await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: TOKEN })).json().data,
    { status: 'HANDLING', task_type: 'SCRIPT', associated_task_id: 'sc-1', update_time: Date.UTC(2026, 0, 2) })
  t.equal((await api.post(processUrl, task, OTHER)).json().error_code, 'COC.00067003')
  t.match((await api.post(processUrl, { task_type: 'SCRIPT' })).json(), { error_code: 'GOM.00007256' })

  const historyUrl = `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}/handle-histories`
  const histories = await api.app.inject({ url: `${historyUrl}?offset=1&limit=5`, headers: TOKEN })
  t.match(histories.json(), { provider_code: '049', error_code: 'GOM.00000000', count: 2, alarm_handle_histories: [{ work_order_id: second.json().data.work_order_id, sub_task_info: { sub_task_type: 'JOB' } }] })
  t.equal(histories.json().alarm_handle_histories.length, 1, 'offset skips rows')
  t.equal((await api.app.inject({ url: historyUrl, headers: OTHER })).json().error_code, 'COC.00067003')
  t.match((await api.app.inject({ url: `${historyUrl}?limit=0`, headers: TOKEN })).json().error_msg, /limit/)

  const cleared = await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: `${EXAMPLE_ALARM_ID}, `, remarks: 'done' })
  t.same(cleared.json().data, [EXAMPLE_ALARM_ID])
  t.match((await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: TOKEN })).json().data, { status: 'CLEARED', remarks: 'done' })
  const noRemarks = await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: EXAMPLE_ALARM_ID })
  t.equal(noRemarks.statusCode, 200, 'clearing twice is fine')
  t.match((await api.post(processUrl, task)).json(), { error_code: 'GOM.00007257', error_msg: /is cleared/ })
  const unknown = await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: `${EXAMPLE_ALARM_ID},AL-NONE,AL-GONE` })
  t.match(unknown.json(), { error_code: 'COC.00067003', error_msg: 'alarm_ids: no alarm [AL-NONE, AL-GONE] exists' })
  t.equal((await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: EXAMPLE_ALARM_ID }, OTHER)).json().error_code, 'COC.00067003')
  t.match((await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: ' , ' })).json(), { error_code: 'GOM.00007256', error_msg: 'alarm_ids: must name at least one alarm id' })
})

t.test('alarms → one incident (Terraform\'s body with nulls), linked; unknown and linked alarms are named', async t => {
  const api = await setup(t)
  const inserted = await insert(api, [{ name: 'a' }, { name: 'b', importance: 'Minor' }])
  t.equal(inserted.statusCode, 200, inserted.body)
  const [a, b] = inserted.json().data.alarms.map((alarm: any) => alarm.id) as [string, string]
  const linked = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(`${a},${b}`))
  t.equal(linked.statusCode, 200, linked.body)
  const [incident] = linked.json().data as [string]
  t.match(incident, /^IM\d{24}$/)
  const detail = await api.detail(incident)
  t.match(detail, {
    incident_source: 'incident_source_alarm', incident_title: 'checkout hosts overloaded', incident_level: 'level_30',
    incident_type: 'inc_type_p_reliability_issues', current_cloud_service: ['6470681a31da2a47ed50a919'],
    incident_assignee: ['7da46971b7e24eed90cf777cc2ff8b91'], incident_description: 'CPU above 90%', creator: String
  })
  for (const id of [a, b]) {
    const alarm = (await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${id}`, headers: TOKEN })).json().data
    t.match(alarm, { associate_event_id: incident, status: 'HANDLED', associated_task_id: incident })
    const histories = (await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${id}/handle-histories`, headers: TOKEN })).json()
    t.match(histories.alarm_handle_histories, [{ work_order_id: incident, task_type: 'INCIDENT', status: 'CREATED' }])
  }
  const again = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(`${b},${EXAMPLE_ALARM_ID}`))
  t.match(again.json(), { error_code: 'GOM.00007257', error_msg: `alarm_ids: alarm [${b}] is linked to an incident already [${incident}]` })
  t.equal(again.statusCode, 400)
  t.match((await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: TOKEN })).json().data, { associate_event_id: '' }, 'all or none')
  const unknown = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody('AL-NONE'))
  t.match(unknown.json(), { error_code: 'COC.00067003', error_msg: 'alarm_ids: no alarm [AL-NONE] exists' })
  const otherDomain = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(EXAMPLE_ALARM_ID), OTHER)
  t.equal(otherDomain.json().error_code, 'COC.00067003')
  const noAssignee = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(EXAMPLE_ALARM_ID, { assignee: null }))
  t.match(noAssignee.json(), { error_code: 'GOM.00007256', error_msg: /^assignee: is required/ })
  const byRole = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(EXAMPLE_ALARM_ID, {
    assignee: '', assignee_scene: 'scene_sre_on_call', assignee_role: 'role_primary', enterprise_project_id: '0', mtm_region: 'cn-north-4'
  }))
  t.equal(byRole.statusCode, 200, byRole.body)
  t.match(await api.detail(byRole.json().data[0]), { incident_assignee: [], assignee_scene: 'scene_sre_on_call', enterprise_project: ['0'], region: ['cn-north-4'] })
  const badLevel = await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(EXAMPLE_ALARM_ID, { level_id: 'level_99' }))
  t.match(badLevel.json().error_msg, /level_id/)
})

t.test('/__admin/alarms: insert all or none, list, delete; reset reseeds', async t => {
  const api = await setup(t, { now: () => Date.UTC(2026, 0, 2) })
  const given = await insert(api, [{ id: 'AL-GIVEN', name: 'n', domain_id: 'coc-other-domain', status: 'HANDLING', converge_count: 7 }])
  t.match(given.json().data, { total: 1, alarms: [{ id: 'AL-GIVEN', domain_id: 'coc-other-domain', status: 'HANDLING', converge_count: 7, create_time: Date.UTC(2026, 0, 2), importance: 'Major' }] })
  t.equal((await api.app.inject({ url: '/v1/alarm-mgmt/alarm/AL-GIVEN', headers: OTHER })).statusCode, 200, 'its own domain sees it')
  const clash = await insert(api, [{ name: 'x' }, { id: 'AL-GIVEN', name: 'y' }])
  t.match(clash.json(), { error_code: 'GOM.00004090', error_msg: 'alarms[1].id: an alarm [AL-GIVEN] exists already' })
  t.equal(clash.statusCode, 409)
  const twice = await insert(api, [{ id: 'AL-TWICE', name: 'x' }, { id: 'AL-TWICE', name: 'y' }])
  t.equal(twice.statusCode, 409)
  const unknownKey = await insert(api, [{ name: 'x', colour: 'red' }])
  t.match(unknownKey.json(), { error_code: 'GOM.00007256', error_msg: /^alarms\[0\]\.colour: unknown field/ })
  t.equal((await insert(api, [{ importance: 'x' }])).statusCode, 400, 'name is required')

  const all = (await api.app.inject({ url: '/__admin/alarms?limit=1000' })).json().data
  t.equal(all.total, SEEDED_ALARMS + 2, 'nothing of the refused batches')
  t.equal(all.alarms[0].id, 'AL-GIVEN', 'newest first')
  const other = (await api.app.inject({ url: '/__admin/alarms?domain_id=coc-other-domain' })).json().data
  t.same(other.alarms.map((alarm: any) => alarm.id), ['AL-GIVEN'])
  const page2 = (await api.app.inject({ url: '/__admin/alarms?page=2&limit=1' })).json().data
  t.equal(page2.alarms[0].id, all.alarms[1].id)

  t.same((await api.app.inject({ method: 'DELETE', url: '/__admin/alarms/AL-GIVEN' })).json().data, { alarm_id: 'AL-GIVEN' })
  const gone = await api.app.inject({ method: 'DELETE', url: '/__admin/alarms/AL-GIVEN' })
  t.match(gone.json(), { error_code: 'GOM.00004040', error_msg: 'alarm_id: no alarm [AL-GIVEN] in any domain' })
  t.equal(gone.statusCode, 404)
  t.equal((await api.app.inject({ url: '/v1/alarm-mgmt/alarm/AL-GIVEN', headers: OTHER })).statusCode, 400, 'deleted: not found')

  await api.app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(api.app.alarmStore.count(), SEEDED_ALARMS + 1)
  await api.app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })
  t.equal(api.app.alarmStore.count(), 0)
})

t.test('faults name an alarm; the journal files a transfer under the incident it made', async t => {
  const api = await setup(t)
  await api.app.inject({ method: 'POST', url: '/__admin/faults', payload: { method: '*', path: '/v1/alarm-mgmt/*', incident_num: EXAMPLE_ALARM_ID, status: 502 } })
  t.equal((await api.app.inject({ url: `/v1/alarm-mgmt/alarm/${EXAMPLE_ALARM_ID}`, headers: TOKEN })).statusCode, 502, 'in the path')
  t.equal((await api.post('/v1/alarm-mgmt/alarms/cancel', { alarm_ids: `${EXAMPLE_ALARM_ID},x` })).statusCode, 502, 'first of the body\'s list')
  await api.app.inject({ method: 'DELETE', url: '/__admin/faults' })
  const made = (await api.post('/v1/alarm-mgmt/alarms-linked-incident', linkBody(EXAMPLE_ALARM_ID))).json().data[0]
  const journal = (await api.app.inject({ url: `/__admin/requests?incident_num=${made}` })).json().data.requests
  t.equal(journal[0]?.path, '/v1/alarm-mgmt/alarms-linked-incident')
  t.equal(incidentOf({ params: {}, body: { war_room_num: 'WR1' } } as never), 'WR1')
  t.equal(incidentOf({ params: {}, body: { incident_number: 'IM1' } } as never), 'IM1')
})

t.test('seeded alarms follow --db: a seeded database keeps its alarms', async t => {
  const { app } = await build(t, { tickets: 0, seed: 3 })
  t.equal(app.alarmStore.count(), SEEDED_ALARMS + 1)
})
