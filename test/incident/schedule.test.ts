import t from 'tap'
import { FixtureError, loadFixtures } from '../../src/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js'
import { CREATE_BODY, setup } from '../support/helper.js'

const BY_ROLE = { ...CREATE_BODY, incident_assignee: undefined }

t.test('a create by scene and role gets the user on duty as its assignee; an unknown pair waits for whoever accepts', async t => {
  const api = await setup(t)
  const num = await api.create({ ...BY_ROLE, assignee_scene: 'scene_db', assignee_role: 'role_primary' })
  const detail = await api.detail(num)
  t.same(detail.incident_assignee, ['6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d'], 'db-oncall, from fixtures/schedules.json')
  t.match(detail, { assignee_scene: 'scene_db', assignee_role: 'role_primary' }, 'scene and role read back as sent')
  t.same(detail.enum_data_list.find((e: { filed_key: string }) => e.filed_key === 'assignee'),
    { filed_key: 'assignee', enum_key: '6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d', name_zh: 'db-oncall', name_en: 'db-oncall' })
  const emptyItem = await api.create({ ...CREATE_BODY, incident_assignee: [''], assignee_scene: 'scene_security', assignee_role: 'role_primary' })
  t.same((await api.detail(emptyItem)).incident_assignee, ['DA3F0E1C2B4A59687F6E5D4C3B2A1908'], 'an empty assignee item counts as none')
  const again = await api.create({ ...BY_ROLE, assignee_scene: 'scene_db', assignee_role: 'role_primary' })
  t.same((await api.detail(again)).incident_assignee, detail.incident_assignee, 'the same user every time')

  const unknown = await api.create({ ...BY_ROLE, assignee_scene: 'scene_db', assignee_role: 'role_nobody' })
  t.same((await api.detail(unknown)).incident_assignee, [])
  t.equal((await api.handle(unknown, 'acceptedIncident1', {}, 'u-first')).statusCode, 200)
  t.same((await api.detail(unknown)).incident_assignee, ['u-first'], 'the accepting operator takes it')

  const named = await api.create({ ...CREATE_BODY, assignee_scene: 'scene_db', assignee_role: 'role_primary' })
  t.same((await api.detail(named)).incident_assignee, CREATE_BODY.incident_assignee, 'an assignee given wins over the schedule')
})

t.test('the schedule comes from fixtures: a folder or lists; a pair given twice is refused', async t => {
  const given = loadFixtures(DEFAULT_FIXTURES_DIR, { schedules: [{ scene: 's1', role: 'r1', user_id: 'u-duty' }] })
  const api = await setup(t, { fixtures: given })
  const num = await api.create({ ...BY_ROLE, assignee_scene: 's1', assignee_role: 'r1' })
  t.same((await api.detail(num)).incident_assignee, ['u-duty'])
  const folder = t.testdir({ 'schedules.json': '[{"scene": "s", "role": "r", "user_id": "a"}, {"scene": "s", "role": "r", "user_id": "b"}]' })
  t.throws(() => loadFixtures(folder), FixtureError)
  t.throws(() => loadFixtures(folder), { message: 'schedules: at /1: scene [s] and role [r] are scheduled twice' })
  t.throws(() => loadFixtures(DEFAULT_FIXTURES_DIR, { schedules: [{ scene: '', role: 'r', user_id: 'u' }] }), { message: /^fixtures\.schedules: at \/0\/scene: / })
  t.same(loadFixtures(DEFAULT_FIXTURES_DIR).categories, [], 'no categories beside the presets by default')
})
