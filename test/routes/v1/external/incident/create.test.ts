import t, { type Test } from 'tap'
import { chinaTimestamp } from '../../../../../src/incident/numbers.js'
import { build, CREATE_BODY, detailUrl, fixtures, setup as setupApi, TOKEN } from '../../../../support/helper.js'

const NOW = Date.UTC(2026, 10, 27, 10, 0, 0, 123)
const VALID = {
  ...CREATE_BODY,
  incident_level: 'level_50',
  is_service_interrupt: true,
  incident_type: 'inc_type_p_security_issues',
  incident_title: 'disk full',
  creator: '9605B67C741D4553887A3462771107D3'
}

async function setup (t: Test) {
  const { app, post, detail } = await setupApi(t, { now: () => NOW })
  const create = (body: unknown, headers: Record<string, string> = {}) => post('/v1/external/incident/create', body, headers)
  return { app, create, detail }
}

t.test('a created ticket reads back exactly as sent', async t => {
  const { create, detail: readDetail } = await setup(t)
  const body = { ...VALID, region: ['cn-north-4'], enterprise_project: [], current_cloud_service: ['6470681a31da2a47ed50a919'], incident_description: '正文 with "quotes"', assignee_scene: '', assignee_role: '', start_time: 1710739300000, incident_ownership: 'own' }
  const res = await create(body)
  t.equal(res.statusCode, 200)
  const { incident_num: num } = res.json().data
  t.match(num, new RegExp(`^IM${chinaTimestamp(NOW)}\\d{10}$`), 'IM + creation time in UTC+8 + 10 digits')
  t.same(Object.keys(res.json()), ['provider_code', 'error_code', 'error_msg', 'data'])
  const detail = await readDetail(num)
  t.match(detail, {
    incident_num: num, region: ['cn-north-4'], enterprise_project: [], current_cloud_service: ['6470681a31da2a47ed50a919'],
    incident_level: 'level_50', is_service_interrupt: true, incident_type: 'inc_type_p_security_issues', incident_title: 'disk full',
    incident_description: '正文 with "quotes"', incident_source: 'incident_source_manual', incident_assignee: ['25819b46251b46218bf6ad238ddd860c'],
    assignee_scene: '', assignee_role: '', warroom_id: '', handle_time: null, status: 'INCIDENT_STATUS_TRIGGERED', create_time: NOW,
    creator: '9605B67C741D4553887A3462771107D3', start_time: 1710739300000, incident_ownership: 'own'
  })
  t.same(detail.enterprise_project, [], '[] stays []')
  t.same(detail.enum_data_list.map((e: { filed_key: string, name_en: string }) => [e.filed_key, e.name_en]), [
    ['current_cloud_service_id', 'COC'], ['creator', 'sre-lead'], ['level_id', 'P5'], ['work_flow_status', 'TRIGGERED'],
    ['mtm_type', 'Security issues'], ['source_id', 'Manual Creation'], ['assignee', 'coc-cim-user']
  ])
})

t.test('lenient where real clients are: string booleans, nulls, unknown fields, scene and role', async t => {
  const { create, detail: readDetail } = await setup(t)
  for (const [value, expected] of [['true', true], ['false', false], [false, false]] as const) {
    const res = await create({ ...VALID, is_service_interrupt: value })
    t.equal(res.statusCode, 200, `is_service_interrupt ${JSON.stringify(value)}`)
    const detail = await readDetail(res.json().data.incident_num)
    t.equal(detail.is_service_interrupt, expected)
  }
  const nulls = await create({ ...VALID, region: null, incident_description: null, start_time: null, unknown_field: { x: 1 } })
  t.equal(nulls.statusCode, 200, 'explicit nulls and unmodelled fields are accepted')
  const detail = await readDetail(nulls.json().data.incident_num)
  t.same(detail.region, [])
  t.equal(detail.incident_description, '')
  t.notOk('start_time' in detail)
  t.notOk('unknown_field' in detail)
  const byRole = await create({ ...VALID, incident_assignee: undefined, assignee_scene: 'scene_sre_on_call', assignee_role: 'role_primary' })
  t.equal(byRole.statusCode, 200, 'scene and role instead of an assignee')
  const charset = await create(VALID, { 'content-type': 'application/json;charset=UTF-8' })
  t.equal(charset.statusCode, 200, 'the SDK content type')
})

t.test('every create rule at its boundary', async t => {
  const { create } = await setup(t)
  const ok: Array<[string, object]> = [
    ['title of 200', { incident_title: 'x'.repeat(200) }],
    ['description of 600', { incident_description: 'd'.repeat(600) }],
    ['creator of 255', { creator: 'c'.repeat(255) }],
    ['assignee of 255', { incident_assignee: ['a'.repeat(255)] }],
    ['scene of 255', { assignee_scene: 's'.repeat(255), assignee_role: 'r' }],
    ['title of 200 CJK characters', { incident_title: '题'.repeat(200) }],
    ['empty arrays', { region: [], enterprise_project: [], current_cloud_service: [] }]
  ]
  for (const [name, patch] of ok) t.equal((await create({ ...VALID, ...patch })).statusCode, 200, name)

  const refused: Array<[string, object, string]> = [
    ['title of 201', { incident_title: 'x'.repeat(201) }, 'incident_title: must NOT have more than 200 characters'],
    ['empty title', { incident_title: '' }, 'incident_title: must NOT have fewer than 1 characters'],
    ['description of 601', { incident_description: 'd'.repeat(601) }, 'incident_description: must NOT have more than 600 characters'],
    ['creator of 256', { creator: 'c'.repeat(256) }, 'creator: must NOT have more than 255 characters'],
    ['assignee of 256', { incident_assignee: ['a'.repeat(256)] }, 'incident_assignee[0]: must NOT have more than 255 characters'],
    ['scene of 256', { assignee_scene: 's'.repeat(256) }, 'assignee_scene: must NOT have more than 255 characters'],
    ['2-item region', { region: ['a', 'b'] }, 'region: must NOT have more than 1 items'],
    ['2-item assignee', { incident_assignee: ['a', 'b'] }, 'incident_assignee: must NOT have more than 1 items'],
    ['2-item application', { current_cloud_service: ['a', 'b'] }, 'current_cloud_service: must NOT have more than 1 items'],
    ['bad level', { incident_level: 'level_60' }, 'incident_level: must be one of level_10, level_20, level_30, level_40, level_50'],
    ['bad type', { incident_type: 'inc_type_p_nope' }, 'incident_type: must be one of inc_type_p_security_issues, '],
    ['bad source', { incident_source: 'email' }, 'incident_source: must be one of incident_source_manual, incident_source_forwarding, incident_source_alarm'],
    ['bad boolean', { is_service_interrupt: 'yes' }, 'is_service_interrupt: must be boolean'],
    ['start_time not a number', { start_time: 'soon' }, 'start_time: must be integer'],
    ['missing assignee', { incident_assignee: [] }, 'incident_assignee: is required unless assignee_scene and assignee_role are both given'],
    ['scene without role', { incident_assignee: undefined, assignee_scene: 's' }, 'incident_assignee: is required unless'],
    ['null creator', { creator: null }, 'creator: is required'],
    ['missing level', { incident_level: undefined }, 'incident_level: is required'],
    ['missing type', { incident_type: undefined }, 'incident_type: is required'],
    ['missing title', { incident_title: undefined }, 'incident_title: is required'],
    ['missing source', { incident_source: undefined }, 'incident_source: is required'],
    ['missing interrupt flag', { is_service_interrupt: undefined }, 'is_service_interrupt: is required']
  ]
  for (const [name, patch, message] of refused) {
    const res = await create({ ...VALID, ...patch })
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.equal(res.json().error_code, 'GOM.00007256', `${name}: GOM.00007256`)
    t.ok(res.json().error_msg.startsWith(message), `${name}: ${res.json().error_msg}`)
  }
})

t.test('bodies that are not a create request', async t => {
  const { app, create } = await setup(t)
  const raw = (payload: string, type: string) => app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: { ...TOKEN, 'content-type': type }, payload })
  t.match((await raw('{"incident_level":', 'application/json')).json(), { error_code: 'GOM.00007256', error_msg: 'request body: not valid JSON' })
  t.match((await raw('', 'application/json')).json(), { error_code: 'GOM.00007256', error_msg: /^request body: is required \(with incident_level, / })
  t.match((await raw('[]', 'application/json')).json(), { error_code: 'GOM.00007256', error_msg: 'request body: must be object' })
  const xml = await raw('<a/>', 'application/xml')
  t.equal(xml.statusCode, 415)
  t.equal(xml.json().error_code, 'GOM.00004150')
  const huge = await raw(JSON.stringify({ ...VALID, incident_description: 'x'.repeat(1_100_000) }), 'application/json')
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().error_code, 'GOM.00004130')
  const noToken = await app.inject({ method: 'POST', url: '/v1/external/incident/create', payload: VALID })
  t.equal(noToken.json().error_code, 'GOM.00004010')
  const get = await app.inject({ method: 'PUT', url: '/v1/external/incident/create', headers: TOKEN })
  t.equal(get.statusCode, 405)
  t.equal(get.headers.allow, 'POST')
  t.equal((await create(VALID)).statusCode, 200, 'still serving')
})

t.test('a created ticket belongs to the creating domain', async t => {
  const tokens = new Map(fixtures.tokens)
  tokens.set('other-token', { principal: { domainId: 'other', userId: 'o' }, expiresAt: null })
  const { app } = await build(t, { tickets: 0, fixtures: { ...fixtures, tokens } })
  const created = await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: TOKEN, payload: VALID })
  const num = created.json().data.incident_num
  const res = await app.inject({ url: detailUrl(num), headers: { 'x-auth-token': 'other-token' } })
  t.equal(res.json().error_code, 'COC.00067003')
})
