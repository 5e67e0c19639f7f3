import t from 'tap'
import { AdminError, startEmulator, type Scenario } from '../../src/index.js'

const SCENARIO: Scenario = {
  clock: { frozen_at: Date.UTC(2026, 2, 1) },
  tickets: [{
    incident_num: 'IM-SCENARIO-ROOM',
    warroom_id: 'WR202603011000000000000007',
    incident_level: 'level_20',
    is_service_interrupt: true,
    incident_type: 'inc_type_p_config_issues',
    incident_title: 'payments down',
    incident_source: 'incident_source_manual',
    creator: '7da46971b7e24eed90cf777cc2ff8b91',
    create_time: Date.UTC(2026, 1, 28)
  }]
}

t.test('emu.admin.warrooms lists the war room of a scenario ticket, after every reset too', async t => {
  const emu = await startEmulator({ tickets: 0, scenario: SCENARIO })
  t.teardown(() => emu.close())
  const mine = (await emu.admin.warrooms.list({ domain_id: 'coc-dev-domain', limit: 1000 })).warrooms
  const room = mine.find(room => room.incident_num === 'IM-SCENARIO-ROOM')
  t.match(room, { war_room_num: 'WR202603011000000000000007', title: 'payments down', domain_id: 'coc-dev-domain', war_room_status: { id: 'WAR_ROOM_RUNNING' } })

  // The COC list of the owning domain answers it too.
  const listed = await fetch(`${emu.url}/v1/external/warrooms/list`, {
    method: 'POST',
    headers: { 'x-auth-token': 'dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({ offset: 0, limit: 10, war_room_num: 'WR202603011000000000000007' })
  }).then(async res => await res.json() as { data: { list: Array<{ id: string }> } })
  t.same(listed.data.list.map(item => item.id), [room?.id])

  await emu.admin.reset({ empty: true })
  const again = await emu.admin.warrooms.list()
  t.same(again.warrooms.map(item => item.war_room_num), ['WR202603011000000000000007'], 'the scenario\'s ticket comes back with its war room')
  t.equal(again.total, 1)
})

t.test('emu.admin.alarms inserts, lists and removes alarms the COC routes then serve', async t => {
  const emu = await startEmulator({ tickets: 0 })
  t.teardown(() => emu.close())
  const inserted = await emu.admin.alarms.insert([
    { id: 'AL-CLIENT-1', name: 'checkout: CPU above 90%', importance: 'Critical' },
    { id: 'AL-CLIENT-2', name: 'billing: disk full', domain_id: 'coc-other-domain' }
  ])
  t.equal(inserted.total, 2)
  t.match(inserted.alarms[0], { id: 'AL-CLIENT-1', name: 'checkout: CPU above 90%', importance: 'Critical', domain_id: 'coc-dev-domain' })

  const theirs = await emu.admin.alarms.list({ domain_id: 'coc-other-domain' })
  t.same(theirs.alarms.map(alarm => alarm.id), ['AL-CLIENT-2'], 'one domain\'s alarms')
  const shown = await fetch(`${emu.url}/v1/alarm-mgmt/alarm/AL-CLIENT-1`, { headers: { 'x-auth-token': 'dev-token' } })
  t.equal(shown.status, 200, 'ShowAlarm reads the inserted alarm')

  const clash = await emu.admin.alarms.insert([{ id: 'AL-CLIENT-3', name: 'n' }, { id: 'AL-CLIENT-1', name: 'again' }]).then(() => null, (err: unknown) => err)
  t.ok(clash instanceof AdminError, 'all or none')
  t.match(clash, { status: 409, errorMsg: /^alarms\[1\]\.id: an alarm \[AL-CLIENT-1\] exists already/ })
  t.equal((await emu.admin.alarms.list({ limit: 1000 })).alarms.filter(alarm => alarm.id.startsWith('AL-CLIENT-')).length, 2)

  await emu.admin.alarms.remove('AL-CLIENT-1')
  const gone = await fetch(`${emu.url}/v1/alarm-mgmt/alarm/AL-CLIENT-1`, { headers: { 'x-auth-token': 'dev-token' } })
  t.match({ status: gone.status, body: await gone.json() }, { status: 400, body: { error_msg: 'alarm_id: no alarm [AL-CLIENT-1] exists' } }, 'COC no longer finds it')
  const refused = await emu.admin.alarms.remove('AL-CLIENT-1').then(() => null, (err: unknown) => err)
  t.match(refused, { name: 'AdminError', status: 404, errorCode: 'GOM.00004040' })
})
