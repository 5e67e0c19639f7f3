import t from 'tap'
import { EXAMPLE_NUM, OPERATOR, setup, TOKEN } from '../../../support/helper.js'
import { warRoomTime } from '../../../../src/incident/numbers.js'
import { DEFAULT_WINDOW_MS } from '../../../../src/warroom/service.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }
const INT64_MAX = '9223372036854775807'

/** What the Terraform provider sends for huaweicloud_coc_war_room (unset optionals left out). */
const roomBody = (incidentNumber: string, extra: object = {}) => ({
  war_room_name: 'checkout war room',
  application_id_list: ['6470681a31da2a47ed50a919', 'app001'],
  incident_number: incidentNumber,
  schedule_group: [{ role_id: 'role_primary', scene_id: 'scene_sre_on_call' }],
  war_room_admin: 'admin-user',
  enterprise_project_id: '0',
  ...extra
})

/** The provider's read: limit 1, offset 0, war_room_num, then data.list[?war_room_num==id]|[0]. */
async function readRoom (api: Awaited<ReturnType<typeof setup>>, num: string, headers: Record<string, string> = {}) {
  const res = await api.post('/v1/external/warrooms/list', { limit: 1, offset: 0, war_room_num: num }, headers)
  t.equal(res.statusCode, 200)
  return (res.json().data.list as any[]).find(room => room.war_room_num === num)
}

t.test('create → read back through the list exactly as sent → another domain does not see it', async t => {
  const api = await setup(t, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) })
  const incident = await api.create()
  const created = await api.post('/v1/external/warrooms', roomBody(incident, { participant: ['p1', 'p2'], description: 'bridge' }))
  t.equal(created.statusCode, 200, created.body)
  const num = created.json().data as string
  t.match(num, /^WR20260102110405\d{10}$/, 'WR + UTC+8 time + 10 digits')
  t.equal(warRoomTime(num), Date.UTC(2026, 0, 2, 3, 4, 5))

  const room = await readRoom(api, num)
  t.equal(room.title, 'checkout war room')
  t.same(room.impacted_application, [{ id: '6470681a31da2a47ed50a919' }, { id: 'app001' }], 'no names when none were sent')
  t.same(room.regions, [])
  t.equal(room.incident.incident_id, incident)
  t.equal(room.admin, 'admin-user')
  t.equal(room.description, 'bridge')
  t.same(room.recover_member, ['p1', 'p2'])
  t.equal(room.enterprise_project_id, '0')
  t.equal(room.war_room_status.id, 'WAR_ROOM_RUNNING')
  t.equal(room.incident.failure_level, 'level_40')
  t.equal(room.incident.source_id, 1)
  t.equal(room.create_time, Date.UTC(2026, 0, 2, 3, 4, 5))
  t.equal(room.processing_duration, 0)
  t.notOk('recover_time' in room, 'not recovered yet')
  t.match(room.id, /^[0-9a-f]{32}$/)

  const detail = await api.detail(incident)
  t.equal(detail.warroom_id, num, 'the incident names its war room')
  const v2 = await api.post('/v2/incidents/list', { page: 1, per_page: 100 })
  t.equal(v2.json().data.tickets.find((ticket: any) => ticket.ticket_id === incident)?.warroom_id, num, 'and so does the v2 list')
  const history = await api.post('/v1/incident/list-histories', { string_filters: [{ name: 'ticket_id', operator: '=', field: 'ticket_id', values: [incident] }] })
  const items = history.json().data.info as any[]
  t.match(items.find(item => item.action === 'createWarRoom'), { target_type: 'warroom', target_value: num, action_name_en: 'Create war room' })

  t.equal(await readRoom(api, num, OTHER), undefined, 'another domain: the provider reads "not found"')
  const again = await api.post('/v1/external/warrooms', roomBody(incident))
  t.match(again.json(), { error_code: 'GOM.00007257', error_msg: new RegExp(`has a war room already \\[${num}\\]`) })
  t.equal(again.statusCode, 400)
})

t.test('names read back as sent; mismatched names and unknown incidents are refused', async t => {
  const api = await setup(t)
  const incident = await api.create()
  const mismatch = await api.post('/v1/external/warrooms', roomBody(incident, { application_names: ['only-one'] }))
  t.match(mismatch.json(), { error_code: 'GOM.00007256', error_msg: /^application_names: must have one name for each of application_id_list \(2\), got 1/ })
  const regions = await api.post('/v1/external/warrooms', roomBody(incident, { region_code_list: ['cn-north-4'], region_names: [] }))
  t.match(regions.json().error_msg, /^region_names: /)
  const named = await api.post('/v1/external/warrooms', roomBody(incident, {
    application_names: ['COC', 'app001'], region_code_list: ['cn-north-4'], region_names: ['CN North-Beijing4'], notification_type: 'LARK', notification_modes: [{}]
  }))
  const room = await readRoom(api, named.json().data)
  t.same(room.impacted_application, [{ id: '6470681a31da2a47ed50a919', name: 'COC' }, { id: 'app001', name: 'app001' }])
  t.same(room.regions, [{ code: 'cn-north-4', name: 'CN North-Beijing4' }])

  const unknown = await api.post('/v1/external/warrooms', roomBody('IM-NONE'))
  t.match(unknown.json(), { error_code: 'COC.00067003', error_msg: 'incident_number: no incident ticket [IM-NONE] exists' })
  const otherDomain = await api.post('/v1/external/warrooms', roomBody(incident), OTHER)
  t.equal(otherDomain.json().error_code, 'COC.00067003', 'another domain\'s incident is not found')
  const missing = await api.post('/v1/external/warrooms', { war_room_name: 'x' })
  t.equal(missing.json().error_code, 'GOM.00007256')
  const badType = await api.post('/v1/external/warrooms', roomBody(incident, { notification_type: 'SMS' }))
  t.match(badType.json().error_msg, /notification_type/)
})

t.test('the seeded tickets\' war rooms, the list\'s filters and int64 bounds', async t => {
  const api = await setup(t, { tickets: 200, now: () => Date.UTC(2026, 5, 1) })
  const fixtureRoom = await readRoom(api, 'WR202403181334366050100030')
  t.equal(fixtureRoom.incident.incident_id, EXAMPLE_NUM, 'the seed document\'s war room exists')
  t.equal(fixtureRoom.create_time, warRoomTime('WR202403181334366050100030'))
  const all = await api.post('/v1/external/warrooms/list', { limit: 1000, offset: 0, triggered_start_time: 0, triggered_end_time: Number(INT64_MAX) })
  const data = all.json().data
  t.ok(data.total > 2, `${data.total} war rooms`)
  t.equal(data.total, data.running_num + data.closed_num)
  t.equal(data.total_num, data.total)
  t.ok(data.closed_num > 0, 'completed tickets have closed war rooms')
  for (const room of data.list) {
    const detail = await api.detail(room.incident.incident_id)
    t.equal(detail.warroom_id, room.war_room_num)
    if (room.war_room_status.id === 'WAR_ROOM_CLOSED') t.equal(detail.status, 'INCIDENT_STATUS_COMPLETED')
  }
  // The provider's own no-bound value, as raw JSON text: it parses to 2^63, past every stored time.
  const raw = await api.app.inject({
    method: 'POST', url: '/v1/external/warrooms/list', headers: { ...TOKEN, 'content-type': 'application/json' },
    payload: `{"limit":1000,"offset":0,"triggered_start_time":0,"triggered_end_time":${INT64_MAX},"occur_end_time":${INT64_MAX},"recover_start_time":0,"recover_end_time":${INT64_MAX}}`
  })
  t.equal(raw.statusCode, 200, raw.body)
  t.equal(raw.json().data.total, data.closed_num + data.list.filter((room: any) => room.war_room_status.id === 'WAR_ROOM_RUNNING' && room.recover_time !== undefined).length)

  const window = await api.post('/v1/external/warrooms/list', { limit: 1000, offset: 0 })
  t.equal(window.json().data.total, 0, 'without a time range, only the last 30 days: the seeded ones are older')
  t.equal(DEFAULT_WINDOW_MS, 30 * 86_400_000)
  const noLimit = await api.post('/v1/external/warrooms/list', { triggered_start_time: 0 })
  t.same(noLimit.json().data.list, [], 'no limit, no rows')
  t.equal(noLimit.json().data.total, data.total)

  const first = data.list[0]
  const filters: Array<[string, object, (room: any) => boolean]> = [
    ['title', { title: first.title.slice(0, 8).toUpperCase() }, room => room.title.toLowerCase().includes(first.title.slice(0, 8).toLowerCase())],
    ['incident_num', { incident_num: first.incident.incident_id }, room => room.incident.incident_id === first.incident.incident_id],
    ['status', { status: ['WAR_ROOM_CLOSED'] }, room => room.war_room_status.id === 'WAR_ROOM_CLOSED'],
    ['admin', { admin: [first.admin] }, room => room.admin === first.admin],
    ['current_users', { current_users: [first.admin] }, room => room.admin === first.admin || room.recover_member.includes(first.admin)],
    ['incident_levels', { incident_levels: ['level_10'] }, room => room.incident.failure_level === 'level_10'],
    ['notification_level', { notification_level: ['level_20'] }, room => room.circular_level === 'level_20'],
    ['region_code_list', { region_code_list: ['cn-north-4'] }, room => room.regions.some((r: any) => r.code === 'cn-north-4')],
    ['impacted_application_ids', { impacted_application_ids: [first.impacted_application[0].id] }, room => room.impacted_application.some((a: any) => a.id === first.impacted_application[0].id)],
    ['enterprise_project_ids', { enterprise_project_ids: ['1'] }, room => room.enterprise_project_id === '1'],
    ['occur range', { occur_start_time: first.occur_time, occur_end_time: first.occur_time }, room => room.occur_time === first.occur_time],
    ['recover range', { recover_start_time: 0 }, room => room.recover_time !== undefined],
    ['war_room_num', { war_room_num: first.war_room_num }, room => room.war_room_num === first.war_room_num],
    ['statistic_flag', { statistic_flag: true }, () => true]
  ]
  for (const [name, filter, expected] of filters) {
    const res = await api.post('/v1/external/warrooms/list', { limit: 1000, offset: 0, triggered_start_time: 0, ...filter })
    const got = res.json().data.list.map((room: any) => room.war_room_num)
    t.same(got, data.list.filter(expected).map((room: any) => room.war_room_num), `${name} filters as it says`)
  }
  const nums = data.list.slice(0, 2).map((room: any) => room.war_room_num)
  const byNums = await api.post('/v1/external/warrooms/list', { limit: 10, war_room_nums: nums, title: 'matches nothing at all' })
  t.same(byNums.json().data.list.map((room: any) => room.war_room_num), nums, 'war_room_nums alone decides')
  const paged = await api.post('/v1/external/warrooms/list', { limit: 2, offset: 1, triggered_start_time: 0 })
  t.same(paged.json().data.list.map((room: any) => room.war_room_num), data.list.slice(1, 3).map((room: any) => room.war_room_num), 'offset counts rows')
  const bad = await api.post('/v1/external/warrooms/list', { limit: 1001 })
  t.match(bad.json(), { error_code: 'GOM.00007256', error_msg: /limit/ })
  const negative = await api.post('/v1/external/warrooms/list', { limit: 1, triggered_start_time: -1 })
  t.match(negative.json().error_msg, /triggered_start_time/)
})

t.test('a completed incident closes its war room (v1 handle); the durations follow', async t => {
  let now = Date.UTC(2026, 0, 2)
  const api = await setup(t, { now: () => now })
  const incident = await api.create()
  const num = (await api.post('/v1/external/warrooms', roomBody(incident))).json().data
  now += 60_000
  t.equal((await api.handle(incident, 'acceptedIncident1')).statusCode, 200)
  now += 60_000
  const solved = await api.handle(incident, 'commitSolution1', {
    mtm_type: 'inc_type_p_function_issues', is_service_interrupt: true, start_time: Date.UTC(2026, 0, 1), fault_recovery_time: now, cause: 'c', solution: 's'
  })
  t.equal(solved.statusCode, 200, solved.body)
  t.equal((await readRoom(api, num)).war_room_status.id, 'WAR_ROOM_RUNNING', 'resolved is not completed')
  now += 60_000
  t.equal((await api.handle(incident, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'ok' })).statusCode, 200)
  now += 3_600_000
  const room = await readRoom(api, num)
  t.equal(room.war_room_status.id, 'WAR_ROOM_CLOSED')
  t.equal(room.recovery_notification_time, Date.UTC(2026, 0, 2) + 180_000)
  t.equal(room.processing_duration, 180_000, 'frozen at closing')
  t.equal(room.occur_time, Date.UTC(2026, 0, 1))
  t.equal(room.recover_time, Date.UTC(2026, 0, 2) + 120_000)
  t.equal(room.restoration_duration, room.recover_time - room.occur_time)
  const closedAgain = await api.post('/v1/external/warrooms', roomBody(incident))
  t.equal(closedAgain.statusCode, 400, 'still one per incident')

  const done = await api.create()
  await api.handle(done, 'acceptedIncident1')
  await api.handle(done, 'commitSolution1', { mtm_type: 'inc_type_p_function_issues', is_service_interrupt: false, cause: 'c', solution: 's' })
  await api.handle(done, 'confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'ok' })
  const late = await api.post('/v1/external/warrooms', roomBody(done))
  t.match(late.json(), { error_code: 'GOM.00007257', error_msg: /is completed/ })
  const res = await api.app.inject({ method: 'POST', url: `/__admin/tickets/${done}/actions`, payload: { action: 'ReOpen' } })
  t.ok(res.statusCode >= 200, 'no war room to close on a ticket without one')
})

t.test('a war room whose ticket was deleted still lists, with what it kept', async t => {
  const api = await setup(t)
  const incident = await api.create()
  const num = (await api.post('/v1/external/warrooms', roomBody(incident))).json().data
  await api.app.inject({ method: 'DELETE', url: `/__admin/tickets/${incident}` })
  const room = await readRoom(api, num)
  t.match(room, { incident: { incident_id: incident, failure_level: '', source_id: 0 }, source: '', circular_level: '' })
  t.equal(room.occur_time, room.create_time)
})

t.test('reset brings the seeded war rooms back and drops created ones; ?empty=true drops all', async t => {
  const api = await setup(t)
  const incident = await api.create()
  await api.post('/v1/external/warrooms', roomBody(incident))
  t.equal(api.app.warRoomStore.count(), 3)
  await api.app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(api.app.warRoomStore.count(), 2, 'the fixture tickets\' war rooms')
  await api.app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })
  t.equal(api.app.warRoomStore.count(), 0)
})

t.test('faults and the journal name the war room or its incident', async t => {
  const api = await setup(t)
  const incident = await api.create()
  const fault = await api.app.inject({ method: 'POST', url: '/__admin/faults', payload: { method: 'POST', path: '/v1/external/warrooms/list', incident_num: 'WR202403181334366050100030', status: 503, times: 1 } })
  t.equal(fault.statusCode, 200, fault.body)
  t.equal((await api.post('/v1/external/warrooms/list', { limit: 1, war_room_num: 'WR202403181334366050100030' })).statusCode, 503)
  t.equal((await api.post('/v1/external/warrooms/list', { limit: 1, war_room_num: 'WR202403181334366050100030' })).statusCode, 200, 'used up')
  await api.post('/v1/external/warrooms', roomBody(incident))
  const journal = await api.app.inject({ url: `/__admin/requests?incident_num=${incident}` })
  t.ok(journal.json().data.requests.some((entry: any) => entry.path === '/v1/external/warrooms'), 'the create is filed under its incident')
  t.equal(OPERATOR.length, 32)
})

t.test('data.huaweicloud_coc_war_rooms: pages of 100 from offset 0 until an empty page, counts read once', async t => {
  const api = await setup(t, { tickets: 1000, now: () => Date.UTC(2026, 5, 1) })
  const list: any[] = []
  let counts: any
  // The provider's loop: it stops at the first empty page (bounded here all the same).
  for (let offset = 0, pages = 0; pages < 50; pages++) {
    const res = await api.post('/v1/external/warrooms/list', { limit: 100, offset, triggered_start_time: 0, triggered_end_time: Number(INT64_MAX), status: ['WAR_ROOM_RUNNING', 'WAR_ROOM_CLOSED'] })
    const data = res.json().data
    if (offset === 0) counts = data
    if (data.list.length === 0) break
    list.push(...data.list)
    offset += data.list.length
  }
  t.ok(list.length > 100, `${list.length} war rooms over more than one page`)
  t.equal(list.length, counts.total)
  t.equal(new Set(list.map(room => room.war_room_num)).size, list.length, 'no war room twice')
  t.equal(counts.running_num + counts.closed_num, counts.total_num)
})
