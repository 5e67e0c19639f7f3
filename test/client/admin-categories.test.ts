import t from 'tap'
import { AdminError, startEmulator } from '../../src/index.js'

t.test('startEmulator: categories and the schedule as fixture lists; the typed client lists, inserts and removes categories', async t => {
  const emu = await startEmulator({
    tickets: 0,
    fixtures: {
      categories: [{ key: 'cat_from_code', name_en: 'from code', name_zh: '代码' }],
      schedules: [{ scene: 'scene_api', role: 'role_primary', user_id: 'u-api' }]
    }
  })
  t.teardown(() => emu.close())
  const listed = await emu.admin.categories.list()
  t.same(listed.at(-1), { key: 'cat_from_code', name_en: 'from code', name_zh: '代码', origin: 'fixture' })
  t.equal(listed.length, 7)
  t.same(await emu.admin.categories.insert([{ key: 'cat_added', name_en: 'added', name_zh: '加' }]), [{ key: 'cat_added', name_en: 'added', name_zh: '加', origin: 'inserted' }])

  const create = await fetch(`${emu.url}/v1/external/incident/create`, {
    method: 'POST',
    headers: { 'x-auth-token': 'dev-token', 'content-type': 'application/json' },
    body: JSON.stringify({ incident_level: 'level_40', is_service_interrupt: false, incident_type: 'cat_added', incident_title: 't', incident_source: 'incident_source_manual', creator: 'u', assignee_scene: 'scene_api', assignee_role: 'role_primary' })
  })
  t.equal(create.status, 200)
  const num = (await create.json() as { data: { incident_num: string } }).data.incident_num
  const detail = await (await fetch(`${emu.url}/v1/external/incident/${num}`, { headers: { 'x-auth-token': 'dev-token' } })).json() as { data: { incident_type: string, incident_assignee: string[] } }
  t.match(detail.data, { incident_type: 'cat_added', incident_assignee: ['u-api'] })

  await emu.admin.categories.remove('cat_added')
  t.equal((await emu.admin.categories.list()).length, 7)
  const refused = await emu.admin.categories.remove('cat_from_code').then(() => null, (err: unknown) => err)
  t.ok(refused instanceof AdminError, 'a fixture category stays')
  t.match(refused, { status: 409, errorCode: 'GOM.00004090' })
})
