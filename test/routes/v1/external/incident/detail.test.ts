import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../../../../../src/paths.js'
import { build, detailUrl, EXAMPLE_NUM, fixtures, TOKEN } from '../../../../support/helper.js'

const EXAMPLE_TEXT = readFileSync(join(PROJECT_ROOT, 'test', 'contract', 'query-incident-ticket-details.response.json'), 'utf8')

t.test('the document example ticket comes back exactly as documented', async t => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'GET', url: detailUrl(EXAMPLE_NUM), headers: { ...TOKEN, 'content-type': 'application/json' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.same(res.json(), JSON.parse(EXAMPLE_TEXT), 'deep-equal to the document example')
  t.equal(res.body, JSON.stringify(JSON.parse(EXAMPLE_TEXT)), 'same keys in the same order, same JSON types')
})

t.test('JSON types of the detail keep the document example types', async t => {
  const { app } = await build(t)
  const res = await app.inject({ url: detailUrl('IM202403221515060171753781'), headers: TOKEN })
  const data = res.json().data
  t.equal(typeof data.is_service_interrupt, 'boolean')
  t.equal(typeof data.create_time, 'number')
  t.equal(typeof data.handle_time, 'number', 'a solved ticket has a numeric handle_time')
  t.equal(typeof data.start_time, 'number')
  for (const key of ['region', 'enterprise_project', 'current_cloud_service', 'incident_assignee']) {
    t.ok(Array.isArray(data[key]) && data[key].every((v: unknown) => typeof v === 'string'), `${key} is an array of strings`)
  }
  t.notOk('fault_delineation_time' in data, 'fields the ticket does not have are absent')
})

t.test('enum_data_list is derived from the ticket when the fixture does not carry one', async t => {
  const { app } = await build(t)
  const res = await app.inject({ url: detailUrl('IM202403221515060171753781'), headers: TOKEN })
  t.same(res.json().data.enum_data_list, [
    { filed_key: 'current_cloud_service_id', enum_key: '64b2e4d3f5c1b28e0d4f6a32', name_zh: '支付网关', name_en: 'payment-gateway' },
    { filed_key: 'creator', enum_key: '7da46971b7e24eed90cf777cc2ff8b91', name_zh: 'ops-admin', name_en: 'ops-admin' },
    { filed_key: 'level_id', enum_key: 'level_20', name_zh: 'P2', name_en: 'P2' },
    { filed_key: 'work_flow_status', enum_key: 'INCIDENT_STATUS_RESOLVED', name_zh: '已解决待验证', name_en: 'RESOLVED' },
    { filed_key: 'mtm_type', enum_key: 'inc_type_p_reliability_issues', name_zh: '可靠性问题', name_en: 'reliability issues' },
    { filed_key: 'source_id', enum_key: 'incident_source_alarm', name_zh: '告警', name_en: 'alarm' },
    { filed_key: 'assignee', enum_key: '9605B67C741D4553887A3462771107D3', name_zh: 'sre-lead', name_en: 'sre-lead' }
  ])
})

t.test('a seeded ticket reads back with all four enum members non-empty', async t => {
  const { app, store } = await build(t, { tickets: 20 })
  t.equal(store.count(), 20 + fixtures.tickets.length)
  const res = await app.inject({ url: '/v1/external/incident/IM202403181322030178042608', headers: TOKEN })
  t.equal(res.statusCode, 200)
  for (const entry of res.json().data.enum_data_list) {
    t.ok(entry.filed_key && entry.enum_key && entry.name_zh && entry.name_en, `${entry.filed_key} has four non-empty members`)
  }
})

t.test('credentials', async t => {
  const { app } = await build(t, { now: () => Date.parse('2026-01-01T00:00:00Z') })
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['no credentials', {}, 'GOM.00004010', /^X-Auth-Token: missing/],
    ['an empty token', { 'x-auth-token': '   ' }, 'GOM.00004010', /X-Auth-Token/],
    ['an unknown token', { 'x-auth-token': 'not-a-token' }, 'GOM.00004011', /^X-Auth-Token: .*not known/],
    ['an expired token', { 'x-auth-token': 'dev-token-expired' }, 'GOM.00004011', /^X-Auth-Token: the token expired at 2024-01-01T00:00:00.000Z/],
    ['a signature of an unknown access key', { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00' }, 'GOM.00004012', /^Authorization: access key \[AK\] is not known/]
  ]
  for (const [name, headers, code, message] of cases) {
    const res = await app.inject({ url: detailUrl(EXAMPLE_NUM), headers })
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.equal(res.json().error_code, code, `${name}: ${code}`)
    t.match(res.json().error_msg, message, `${name}: the message says which check failed`)
    t.equal(res.json().provider_code, '049')
    t.equal(res.json().data, null)
  }
  const res = await app.inject({ url: detailUrl('IM' + 'x'.repeat(300)), headers: {} })
  t.equal(res.json().error_code, 'GOM.00004010', 'credentials are checked before the parameter')
})

t.test('incident_num limits and odd values', async t => {
  const { app } = await build(t)
  const get = (raw: string) => app.inject({ url: `/v1/external/incident/${raw}`, headers: TOKEN })
  const expectError = async (raw: string, code: string, message: RegExp, label: string): Promise<void> => {
    const res = await get(raw)
    t.equal(res.statusCode, 400, `${label}: 400`)
    t.equal(res.json().error_code, code, `${label}: ${code}`)
    t.match(res.json().error_msg, message, `${label}: ${res.json().error_msg}`)
  }
  await expectError('A'.repeat(255), 'COC.00067003', /^incident_num: no incident ticket \[A{255}\] exists$/, '255 characters is allowed (unknown ticket)')
  await expectError('A'.repeat(256), 'GOM.00007256', /^incident_num: must NOT have more than 255 characters$/, '256 characters')
  await expectError(encodeURIComponent('单'.repeat(255)), 'COC.00067003', /^incident_num: no incident ticket/, '255 three-byte characters are 255 characters')
  await expectError(encodeURIComponent('单'.repeat(256)), 'GOM.00007256', /more than 255 characters/, '256 three-byte characters')
  // JSON Schema counts Unicode code points, not UTF-16 units: an emoji is one character.
  await expectError(encodeURIComponent('😀'.repeat(255)), 'COC.00067003', /no incident ticket/, '255 astral characters')
  await expectError(encodeURIComponent('😀'.repeat(256)), 'GOM.00007256', /more than 255 characters/, '256 astral characters')
  await expectError('%41'.repeat(256), 'GOM.00007256', /more than 255 characters/, 'the limit applies after percent-decoding')
  await expectError('%41'.repeat(255), 'COC.00067003', /no incident ticket/, '255 percent-encoded characters')
  await expectError('', 'GOM.00007256', /^incident_num: must NOT have fewer than 1 characters$/, 'empty')
  await expectError('IM1%00', 'GOM.00007256', /^incident_num: must not contain control characters$/, 'a NUL byte')
  await expectError('IM1%0A', 'GOM.00007256', /control characters/, 'a newline')
  await expectError(encodeURIComponent("' OR 1=1 --"), 'COC.00067003', /no incident ticket \[' OR 1=1 --\]/, 'SQL-looking')
  await expectError(encodeURIComponent('IM1"; DROP TABLE incidents; --'), 'COC.00067003', /no incident ticket/, 'SQL injection attempt')
  await expectError('..%2F..%2Fetc%2Fpasswd', 'COC.00067003', /no incident ticket \[\.\.\/\.\.\/etc\/passwd\]/, 'path traversal')
  await expectError('IM202403181322030178042609', 'COC.00067003', /no incident ticket/, 'unknown ticket of the right shape')
  await expectError('%E0%A4%A', 'GOM.00007256', /^URL: malformed percent-encoding/, 'malformed percent-encoding')
  const after = await get(EXAMPLE_NUM)
  t.equal(after.statusCode, 200, 'the store is intact after the SQL-looking requests')
  const lower = await get(EXAMPLE_NUM.toLowerCase())
  t.equal(lower.json().error_code, 'COC.00067003', 'ticket numbers are case-sensitive')
})

t.test('another domain\'s ticket is not found', async t => {
  const other = { ...fixtures, tickets: fixtures.tickets.map(ticket => ({ ...ticket, domain_id: 'someone-else' })) }
  const { app } = await build(t, { fixtures: other })
  const res = await app.inject({ url: detailUrl(EXAMPLE_NUM), headers: TOKEN })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error_code, 'COC.00067003')
})

t.test('X-Request-Id', async t => {
  const { app } = await build(t)
  const echoed = await app.inject({ url: detailUrl(EXAMPLE_NUM), headers: { ...TOKEN, 'x-request-id': 'client-id-42' } })
  t.equal(echoed.headers['x-request-id'], 'client-id-42', 'the client\'s id is echoed')
  const fresh = await app.inject({ url: detailUrl(EXAMPLE_NUM), headers: TOKEN })
  t.match(fresh.headers['x-request-id'], /^[0-9a-f]{32}$/, 'a new id otherwise')
  const insane = await app.inject({ url: detailUrl(EXAMPLE_NUM), headers: { ...TOKEN, 'x-request-id': 'a b' } })
  t.match(insane.headers['x-request-id'], /^[0-9a-f]{32}$/, 'an id with spaces is replaced')
  const errored = await app.inject({ url: detailUrl('nope'), headers: {} })
  t.match(errored.headers['x-request-id'], /^[0-9a-f]{32}$/, 'errors carry one too')
  const badUrl = await app.inject({ url: '/v1/external/incident/%E0%A4%A', headers: TOKEN })
  t.match(badUrl.headers['x-request-id'], /^[0-9a-f]{32}$/, 'framework errors carry one too')
  const unknown = await app.inject({ url: '/nowhere' })
  t.match(unknown.headers['x-request-id'], /^[0-9a-f]{32}$/, 'unknown routes carry one too')
})

t.test('unknown routes and wrong methods get the envelope', async t => {
  const { app } = await build(t)
  const unknown = await app.inject({ url: '/v1/external/incidents/x', headers: TOKEN })
  t.equal(unknown.statusCode, 404)
  t.same(unknown.json(), { provider_code: '049', error_code: 'GOM.00004040', error_msg: 'no such route: GET /v1/external/incidents/x', data: null })
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
    const res = await app.inject({ method, url: detailUrl(EXAMPLE_NUM), headers: TOKEN })
    t.equal(res.statusCode, 405, `${method}: 405`)
    t.equal(res.json().error_code, 'GOM.00004050')
    t.equal(res.headers.allow, 'GET, HEAD')
  }
  const head = await app.inject({ method: 'HEAD', url: detailUrl(EXAMPLE_NUM), headers: TOKEN })
  t.equal(head.statusCode, 200, 'HEAD answers like GET')
  t.equal(head.body, '')
})

t.test('the request log: one line per request, never a token', async t => {
  const { app, logs } = await build(t)
  await app.inject({ url: detailUrl(EXAMPLE_NUM), headers: { ...TOKEN, authorization: 'SDK-HMAC-SHA256 Access=SECRETAK, SignedHeaders=host, Signature=abcd' } })
  await app.inject({ url: detailUrl('IM-nope') + '?token=x', headers: { 'x-auth-token': 'secret-token-value' } })
  const lines = logs.map(line => JSON.parse(line))
  const requests = lines.filter(line => line.msg === 'request')
  t.equal(requests.length, 2)
  t.match(requests[0], { method: 'GET', path: detailUrl(EXAMPLE_NUM), status: 200, error_code: 'GOM.00000000', domain: 'coc-dev-domain' })
  t.match(requests[1], { status: 400, error_code: 'GOM.00004011', path: detailUrl('IM-nope') })
  t.notOk('domain' in requests[1], 'no domain for refused credentials')
  t.type(requests[0].ms, 'number')
  const all = logs.join('')
  t.notMatch(all, /dev-token|secret-token-value|SECRETAK|Signature=/, 'no credential in the log')
})
