import t from 'tap'
import { makeRecord, setup, TOKEN } from '../support/helper.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { openWarRoomStore } from '../../src/stores/warroom-store.js'
import { seedWarRooms } from '../../src/warroom/seed.js'
import { warRoomTime } from '../../src/incident/numbers.js'
import { createAlarmService } from '../../src/alarm/service.js'
import { openAlarmStore } from '../../src/stores/alarm-store.js'
import { alarmOf } from '../../src/alarm/seed.js'

t.test('seeding war rooms from tickets: every shape of ticket, each number once', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const num = 'WR202401010900000000000001'
  store.insertMany([
    makeRecord({ incident_num: 'IM202401010800000000000001', warroom_id: num, create_time: Date.UTC(2024, 0, 1), region: [''], incident_assignee: ['', 'u1'], assignee_scene: 'sc', assignee_role: 'ro' }),
    // The same number on a second ticket: the first keeps it.
    makeRecord({ incident_num: 'IM202401010800000000000002', warroom_id: num }),
    // A number without the WR shape, a completed ticket never solved, no enterprise project.
    makeRecord({ incident_num: 'IM202401010800000000000003', warroom_id: 'war-room-x', status: 'INCIDENT_STATUS_COMPLETED', enterprise_project: [], assignee_scene: '', assignee_role: '', create_time: 5 }),
    makeRecord({ incident_num: 'IM202401010800000000000004', warroom_id: '' })
  ])
  t.equal(seedWarRooms(store.database), 2)
  t.equal(seedWarRooms(store.database), 2, 'seeding again gives the same war rooms, once')
  const rooms = openWarRoomStore(store.database)
  t.match(rooms.get(num), {
    incident_num: 'IM202401010800000000000001', region_codes: [], participant: ['u1'], create_time: warRoomTime(num),
    schedule_group: [{ role_id: 'ro', scene_id: 'sc' }], enterprise_project_id: '0', status: 'running', close_time: null
  })
  t.match(rooms.get('war-room-x'), { create_time: 5, status: 'closed', close_time: 5, enterprise_project_id: '0', schedule_group: [{ role_id: 'role_primary', scene_id: 'scene_sre_on_call' }] })
  t.equal(rooms.byIncident('IM202401010800000000000002'), undefined)
  t.equal(warRoomTime('WR2024'), undefined)
})

t.test('a seeded ticket whose war room number an earlier ticket kept refuses a second one by that number', async t => {
  const api = await setup(t)
  // Seeding gives a shared number to the first ticket only: the second names a war room it does not have.
  api.store.insertMany([
    makeRecord({ incident_num: 'IM-FIRST-WITH-ROOM', warroom_id: 'WR-SHARED-SEED', domain_id: 'coc-dev-domain' }),
    makeRecord({ incident_num: 'IM-WITH-ROOM', warroom_id: 'WR-SHARED-SEED', domain_id: 'coc-dev-domain' })
  ])
  seedWarRooms(api.store.database)
  t.equal(api.app.warRoomStore.byIncident('IM-WITH-ROOM'), undefined)
  const res = await api.post('/v1/external/warrooms', {
    war_room_name: 'w', application_id_list: ['a'], incident_number: 'IM-WITH-ROOM', schedule_group: [{ role_id: 'r', scene_id: 's' }], war_room_admin: 'a', enterprise_project_id: '0'
  })
  t.match(res.json(), { error_code: 'GOM.00007257', error_msg: /has a war room already \[WR-SHARED-SEED\]/ })
  t.equal(TOKEN['x-auth-token'], 'dev-token')
})

t.test('an alarm task by a caller the users fixture does not know shows the caller\'s id', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const alarms = openAlarmStore(store.database)
  alarms.insertMany([alarmOf({ id: 'AL-1', name: 'n', create_time: 1 })])
  const service = createAlarmService({ alarms, incidents: store, service: {} as never, users: new Map(), now: () => 2 })
  service.autoProcess({ domainId: 'coc-dev-domain', userId: 'stranger' }, 'AL-1', { task_type: 'SCRIPT', associated_task_id: 'i', associated_task_type: 't', associated_task_name: 'n', input_param: {} })
  t.match(alarms.histories('AL-1'), [{ create_name: 'stranger', create_alias: 'stranger' }])
})
