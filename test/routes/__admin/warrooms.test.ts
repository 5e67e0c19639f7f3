import t from 'tap'
import { json, setup, TOKEN } from '../../support/helper.js'
import { warRoomTime } from '../../../src/incident/numbers.js'

const TICKET = {
  incident_level: 'level_30',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_config_issues',
  incident_title: 'checkout slow',
  incident_source: 'incident_source_manual',
  creator: '7da46971b7e24eed90cf777cc2ff8b91',
  incident_assignee: ['25819b46251b46218bf6ad238ddd860c'],
  // Before the war room numbers' instants: a war room opens at its number's instant, never before its ticket.
  create_time: Date.UTC(2026, 0, 1)
}
const OTHER_DOMAIN = 'domain-b'

const insert = (api: Awaited<ReturnType<typeof setup>>, tickets: object[]) => api.app.inject(json('POST', '/__admin/tickets', { tickets }))
/** No seeded tickets, hence no seeded war rooms. */
const emptied = async (api: Awaited<ReturnType<typeof setup>>) => {
  const res = await api.app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })
  if (res.statusCode !== 200) throw new Error(`POST /__admin/reset?empty=true: ${res.statusCode} ${res.body}`)
  return api
}
const rooms = async (api: Awaited<ReturnType<typeof setup>>, query = '') => {
  const res = await api.app.inject({ url: `/__admin/warrooms${query}` })
  if (res.statusCode !== 200) throw new Error(`GET /__admin/warrooms${query}: ${res.statusCode} ${res.body}`)
  return res.json().data as { warrooms: any[], total: number }
}

t.test('a ticket inserted with a warroom_id gets its war room, running or closed as its status says', async t => {
  const api = await emptied(await setup(t, { now: () => Date.UTC(2026, 0, 2) }))
  const res = await insert(api, [
    { ...TICKET, incident_num: 'IM-RUNNING', warroom_id: 'WR202601011200000000000001', region: ['cn-north-4'], enterprise_project: ['ep-1'] },
    { ...TICKET, incident_num: 'IM-DONE', warroom_id: 'WR202601011300000000000002', status: 'INCIDENT_STATUS_COMPLETED', handle_time: Date.UTC(2026, 0, 1, 9) },
    { ...TICKET, incident_num: 'IM-ELSEWHERE', warroom_id: 'WR202601011400000000000003', domain_id: OTHER_DOMAIN },
    { ...TICKET, incident_num: 'IM-NONE' }
  ])
  t.equal(res.statusCode, 200, res.body)

  const all = await rooms(api)
  t.equal(all.total, 3, 'one war room per ticket naming one, none for the ticket without')
  t.same(all.warrooms.map(room => room.war_room_num), ['WR202601011400000000000003', 'WR202601011300000000000002', 'WR202601011200000000000001'], 'newest first')
  const running = all.warrooms.find(room => room.incident_num === 'IM-RUNNING')
  t.match(running, {
    domain_id: 'coc-dev-domain', title: 'checkout slow', admin: TICKET.creator, recover_member: TICKET.incident_assignee,
    regions: [{ code: 'cn-north-4' }], enterprise_project_id: 'ep-1', create_time: warRoomTime('WR202601011200000000000001'),
    war_room_status: { id: 'WAR_ROOM_RUNNING' }, incident: { incident_id: 'IM-RUNNING', failure_level: 'level_30' }
  })
  t.notOk('recovery_notification_time' in running, 'a running war room has no close time')
  const done = all.warrooms.find(room => room.incident_num === 'IM-DONE')
  t.match(done, { war_room_status: { id: 'WAR_ROOM_CLOSED' }, recovery_notification_time: Date.UTC(2026, 0, 1, 9) })

  const mine = await rooms(api, '?domain_id=coc-dev-domain&limit=1&page=2')
  t.equal(mine.total, 2, 'one domain only')
  t.same(mine.warrooms.map(room => room.incident_num), ['IM-RUNNING'], 'paged like the tickets')
  t.same(await rooms(api, '?domain_id=nobody'), { warrooms: [], total: 0 })

  // The COC list of the owning domain shows the inserted war room; another domain's is not there.
  const listed = await api.post('/v1/external/warrooms/list', { offset: 0, limit: 10, triggered_start_time: 0, triggered_end_time: '9223372036854775807' })
  t.same(listed.json().data.list.map((room: any) => room.war_room_num).sort(), ['WR202601011200000000000001', 'WR202601011300000000000002'])

  const refused = await api.post('/v1/external/warrooms', {
    war_room_name: 'w', application_id_list: ['a'], incident_number: 'IM-RUNNING', schedule_group: [{ role_id: 'r', scene_id: 's' }], war_room_admin: 'a', enterprise_project_id: '0'
  })
  t.match(refused.json(), { error_code: 'GOM.00007257', error_msg: /has a war room already \[WR202601011200000000000001\]/ })
})

t.test('a war room number already held, or given twice, refuses the whole insert', async t => {
  const api = await setup(t)
  const seeded = (await rooms(api)).warrooms
  t.ok(seeded.length > 0, 'the fixture tickets have war rooms')
  const taken = seeded[0].war_room_num as string
  const before = { rooms: seeded.length, tickets: api.store.count() }

  const held = await insert(api, [{ ...TICKET, incident_num: 'IM-FRESH' }, { ...TICKET, incident_num: 'IM-CLASH', warroom_id: taken }])
  t.equal(held.statusCode, 409)
  t.match(held.json(), { provider_code: '049', error_msg: new RegExp(`^tickets\\[1\\]\\.warroom_id: the war room \\[${taken}\\] is ticket \\[${seeded[0].incident_num as string}\\]'s already`), data: null })

  const twice = await insert(api, [{ ...TICKET, incident_num: 'IM-A', warroom_id: 'WR-SHARED' }, { ...TICKET, incident_num: 'IM-B', warroom_id: 'WR-SHARED' }])
  t.equal(twice.statusCode, 409)
  t.match(twice.json().error_msg, /^tickets\[1\]\.warroom_id: the war room \[WR-SHARED\] is ticket \[IM-A\]'s already/)
  t.same({ rooms: (await rooms(api)).total, tickets: api.store.count() }, before, 'all or none')
})

t.test('a ticket number inserted again after its deletion gets its own war room, not the one left behind', async t => {
  const api = await emptied(await setup(t))
  t.equal((await insert(api, [{ ...TICKET, incident_num: 'IM-AGAIN', warroom_id: 'WR-FIRST', incident_title: 'first' }])).statusCode, 200)
  t.equal((await api.app.inject({ method: 'DELETE', url: '/__admin/tickets/IM-AGAIN' })).statusCode, 200)
  t.same((await rooms(api)).warrooms.map(room => room.war_room_num), ['WR-FIRST'], 'a deleted ticket\'s war room still lists')
  t.equal((await insert(api, [{ ...TICKET, incident_num: 'IM-AGAIN', warroom_id: 'WR-SECOND', incident_title: 'second' }])).statusCode, 200)
  t.match((await rooms(api)).warrooms, [{ war_room_num: 'WR-SECOND', title: 'second', incident_num: 'IM-AGAIN' }])
  t.equal((await rooms(api)).total, 1)
  t.equal((await api.app.inject({ method: 'DELETE', url: '/__admin/tickets/IM-AGAIN' })).statusCode, 200)
  t.equal((await insert(api, [{ ...TICKET, incident_num: 'IM-AGAIN' }])).statusCode, 200)
  t.equal((await rooms(api)).total, 0, 'and none when it names none')
})

t.test('an inserted ticket solved through its workflow closes its war room', async t => {
  const api = await setup(t)
  t.equal((await insert(api, [{ ...TICKET, incident_num: 'IM-SOLVE', warroom_id: 'WR-SOLVE', status: 'INCIDENT_STATUS_TRIGGERED' }])).statusCode, 200)
  const steps: Array<[string, object]> = [
    ['accepted', {}],
    ['commitSolution', { mtm_type: 'inc_type_p_reliability_issues', is_service_interrupt: false, cause: 'a hot loop', solution: 'rolled back' }],
    ['confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'verified' }]
  ]
  for (const [action, params] of steps) {
    const res = await api.app.inject(json('POST', '/__admin/tickets/IM-SOLVE/actions', { action, params }))
    t.equal(res.statusCode, 200, `${action}: ${res.body}`)
  }
  t.match((await api.detail('IM-SOLVE')), { status: 'INCIDENT_STATUS_COMPLETED', warroom_id: 'WR-SOLVE' })
  const room = (await rooms(api)).warrooms.find(room => room.war_room_num === 'WR-SOLVE')
  t.match(room, { war_room_status: { id: 'WAR_ROOM_CLOSED' }, recovery_notification_time: Number })
  t.equal(TOKEN['x-auth-token'], 'dev-token')
})

t.test('GET /__admin/warrooms refuses a bad page with the field named', async t => {
  const api = await setup(t)
  const res = await api.app.inject({ url: '/__admin/warrooms?limit=0' })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { provider_code: '049', error_msg: /limit/, data: null })
})
