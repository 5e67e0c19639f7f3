import { connect } from 'node:net'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { sign } from '../../src/auth/signature.js'
import { LineBatch } from '../../src/log-batch.js'
import { routeTakes } from '../../src/plugins/fast-detail.js'
import { AuthHeaders } from '../../src/schemas/common.js'
import { IncidentNumParams } from '../../src/schemas/incident.js'
import { compileSchema, createAjv } from '../../src/validation.js'
import { build, EXAMPLE_NUM } from '../support/helper.js'
import { recording } from '../support/log-destination.js'

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'

/** Sends raw request bytes and answers the raw response bytes (the connection closes after one). */
async function raw (port: number, request: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', chunk => { answer += chunk })
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.end(request)
  })
}

/** A GET as a client writes it, with `Connection: close` so that one answer ends the exchange. */
function get (path: string, headers: Record<string, string>, host = '127.0.0.1'): string {
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), 'Connection: close']
  return lines.join('\r\n') + '\r\n\r\n'
}

/** A GET signed with the development AK/SK, as the SDK signs it (host and x-sdk-date). */
function signedHeaders (path: string, host: string): Record<string, string> {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const headers = { host, 'x-sdk-date': date }
  const signature = sign(SK, { method: 'GET', url: path, headers, signedHeaders: ['host', 'x-sdk-date'], date })
  return { 'X-Sdk-Date': date, Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${signature}` }
}

async function listening (t: Test, options: Parameters<typeof build>[1] = {}) {
  const built = await build(t, { tickets: 20, ...options })
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  const address = built.app.server.address()
  return { ...built, port: typeof address === 'object' && address !== null ? address.port : 0 }
}

// What differs from one answer to the next whichever path wrote it: the date, a fresh request id,
// the time and duration of a log line or a journal entry.
const normalise = (text: string): string => text
  .replace(/^Date: .*$/m, 'Date: -')
  .replace(/[0-9a-f]{32}/g, 'ID')
const normaliseLine = (line: string): string => normalise(line).replace(/"time":\d+/, '"time":0').replace(/"ms":[\d.]+/, '"ms":0')

t.test('the lane answers what fastify answers: bytes, journal entry and access line', async t => {
  const { app, port, logs } = await listening(t)
  const nums = [EXAMPLE_NUM, ...app.incidentStore.database.prepare('SELECT incident_num FROM incidents WHERE domain_id = ? ORDER BY incident_num LIMIT 3').pluck().all('coc-dev-domain') as string[]]
  const host = `127.0.0.1:${port}`
  const requests: Array<[string, () => Record<string, string>]> = [
    ['a token', () => ({ 'X-Auth-Token': 'dev-token' })],
    ['a token and the client\'s own request id', () => ({ 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'client-chosen-id' })],
    ['a token, its domain named', () => ({ 'X-Auth-Token': 'dev-token', 'X-Domain-Id': 'coc-dev-domain' })]
  ]
  for (const num of nums) {
    const path = `/v1/external/incident/${num}`
    for (const [name, headers] of [...requests, ['an AK/SK signature', () => signedHeaders(path, host)] as [string, () => Record<string, string>]]) {
      const before = app.fastDetail.answered
      const lane = await raw(port, get(path, headers(), host))
      t.equal(app.fastDetail.answered, before + 1, `${num}, ${name}: answered by the lane`)
      app.fastDetail.active = false
      const framework = await raw(port, get(path, headers(), host))
      app.fastDetail.active = true
      t.equal(app.fastDetail.answered, before + 1, `${num}, ${name}: answered by fastify`)
      t.match(lane, /^HTTP\/1\.1 200 OK\r\n/)
      t.equal(normalise(lane), normalise(framework), `${num}, ${name}: the same bytes`)
      const entries = (await app.inject({ url: '/__admin/requests?limit=2' })).json().data.requests as Array<Record<string, unknown>>
      const [newer, older] = entries.map(entry => JSON.stringify({ ...entry, id: 0, time: 0, duration_ms: 0, request_id: 'ID' }))
      t.equal(older, newer, `${num}, ${name}: the same journal entry`)
      const [first, second] = logs.filter(line => line.includes('"msg":"request"') && line.includes(path)).slice(-2).map(normaliseLine)
      t.equal(first, second, `${num}, ${name}: the same access line`)
    }
  }
})

t.test('everything else is left to fastify, answered as before', async t => {
  const { app, port } = await listening(t)
  const path = `/v1/external/incident/${EXAMPLE_NUM}`
  const token = { 'X-Auth-Token': 'dev-token' }
  // A ticket numbered as another route under the prefix is still that route's: a GET is its 405.
  const inserted = await app.inject({
    method: 'POST',
    url: '/__admin/tickets',
    payload: { tickets: [{ incident_num: 'create', incident_level: 'level_20', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_title: 'named as a route', incident_source: 'incident_source_manual', creator: 'u-creator' }] }
  })
  t.equal(inserted.statusCode, 200)
  // Each is sent with the lane open and with it shut: the same answer, and never the lane's.
  const cases: Array<[string, string]> = [
    ['a ticket numbered as another route', get('/v1/external/incident/create', token)],
    ['an unknown ticket', get('/v1/external/incident/IM000000000000000000000000', token)],
    ['an unknown token', get(path, { 'X-Auth-Token': 'nobody' })],
    ['an empty token', get(path, { 'X-Auth-Token': '' })],
    ['another domain\'s token', get(path, { 'X-Auth-Token': 'dev-token-other' })],
    ['an expired token', get(path, { 'X-Auth-Token': 'dev-token-expired' })],
    ['a bad signature', get(path, { 'X-Sdk-Date': '20260101T000000Z', Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=00` })],
    ['no Host', `GET ${path} HTTP/1.1\r\nX-Auth-Token: dev-token\r\nConnection: close\r\n\r\n`],
    ['a body', get(path, { ...token, 'Content-Type': 'application/json', 'Content-Length': '2' }).replace(/\r\n\r\n$/, '\r\n\r\n{}')],
    ['a chunked body', get(path, { ...token, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }).replace(/\r\n\r\n$/, '\r\n\r\n2\r\n{}\r\n0\r\n\r\n')],
    ['a query', get(`${path}?x=1`, token)],
    ['a percent-escaped number', get(`/v1/external/incident/${EXAMPLE_NUM.slice(0, -1)}%3${EXAMPLE_NUM.slice(-1)}`, token)],
    ['a trailing slash', get(`${path}/`, token)],
    ['HEAD', get(path, token).replace(/^GET/, 'HEAD')],
    ['a number too long', get(`/v1/external/incident/${'A'.repeat(256)}`, token)],
    ['another route', get('/v1/external/incident', token)]
  ]
  for (const [name, request] of cases) {
    const before = app.fastDetail.answered
    const answer = await raw(port, request)
    t.equal(app.fastDetail.answered, before, `${name}: not the lane's`)
    app.fastDetail.active = false
    const framework = await raw(port, request)
    app.fastDetail.active = true
    t.match(answer, /^HTTP\/1\.1 \d{3} .*\r\nx-request-id: /is, `${name}: ${answer.split('\r\n')[0]!}`)
    t.equal(normalise(answer), normalise(framework), `${name}: answered as fastify answers it`)
  }

  // An armed fault, whatever it matches, leaves every request to fastify.
  const fault = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { method: 'GET', path: '/v1/external/incident/*', status: 503 } })
  t.equal(fault.statusCode, 200)
  const before = app.fastDetail.answered
  t.match(await raw(port, get(path, token)), /^HTTP\/1\.1 503 /, 'the fault answers')
  t.equal(app.fastDetail.answered, before)
  await app.inject({ method: 'DELETE', url: '/__admin/faults' })
  t.match(await raw(port, get(path, token)), /^HTTP\/1\.1 200 /)
  t.equal(app.fastDetail.answered, before + 1, 'disarmed, the lane answers again')
})

t.test('with the log at warn and the journal off, the lane writes neither', async t => {
  const lines: string[] = []
  const { app, port } = await listening(t, { log: { level: 'warn', stream: { write: (line: string) => lines.push(line) } }, journalSize: 0 })
  const answer = await raw(port, get(`/v1/external/incident/${EXAMPLE_NUM}`, { 'X-Auth-Token': 'dev-token' }))
  t.match(answer, /^HTTP\/1\.1 200 /)
  t.equal(app.fastDetail.answered, 1)
  t.same(lines, [])
  t.same((await app.inject({ url: '/__admin/requests' })).json().data.requests, [])
})

t.test('a ticket that cannot be shown is left to fastify, which answers and logs the 500', async t => {
  const { app, port, logs } = await listening(t)
  app.incidentStore.database.prepare("UPDATE incidents SET enum_data_list = '{bad' WHERE incident_num = ?").run(EXAMPLE_NUM)
  const request = get(`/v1/external/incident/${EXAMPLE_NUM}`, { 'X-Auth-Token': 'dev-token' })
  const answer = await raw(port, request)
  t.match(answer, /^HTTP\/1\.1 500 /)
  t.equal(app.fastDetail.answered, 0)
  t.ok(logs.some(line => line.includes('"level":50')), 'the failure is logged')
})

t.test('a closing app answers its requests itself', async t => {
  const { app, port } = await listening(t)
  t.equal(app.fastDetail.answered, 0)
  await raw(port, get(`/v1/external/incident/${EXAMPLE_NUM}`, { 'X-Auth-Token': 'dev-token' }))
  t.equal(app.fastDetail.answered, 1)
  await app.close()
  t.equal(app.fastDetail.answer({} as never, {} as never), false, 'closed: nothing is answered by the lane')
})


t.test('on the emulator\'s own log batch, the lane\'s lines are owed by the journal and come out as fastify writes them', async t => {
  const out = recording()
  const batch = new LineBatch(out, 1 << 16, 60_000)
  t.teardown(() => batch.close())
  const { app, port } = await listening(t, { log: { level: 'info', stream: batch } })
  const path = `/v1/external/incident/${EXAMPLE_NUM}`
  const send = async (lane: boolean, headers: Record<string, string>, to = path): Promise<void> => {
    app.fastDetail.active = lane
    t.match(await raw(port, get(to, headers)), /^HTTP\/1\.1 \d{3} /)
    app.fastDetail.active = true
  }
  await send(true, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'lane-1' })
  t.equal(app.fastDetail.answered, 1)
  t.notMatch(out.text(), /lane-1/, 'the line is owed, not yet written')
  await send(false, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'fastify-1' })
  await send(true, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'lane-"quoted"' })
  await send(false, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'fastify-"quoted"' })
  await send(true, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'lane-2' }, '/v1/external/incident/IM000000000000000000000000')
  await send(true, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'lane-3' })
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'x-request-id': 'reset' } })).statusCode, 200)
  await send(true, { 'X-Auth-Token': 'dev-token', 'X-Request-Id': 'lane-4' })
  t.equal(app.fastDetail.answered, 4, 'the unknown ticket went to fastify')
  batch.flush()
  const lines = out.text().split('\n').filter(line => line.includes('"msg":"request"')).map(line => JSON.parse(line) as Record<string, unknown>)
  t.same(lines.map(line => line.reqId), ['lane-1', 'fastify-1', 'lane-"quoted"', 'fastify-"quoted"', 'lane-2', 'lane-3', 'reset', 'lane-4'], 'in the order of the requests')
  const same = (line: Record<string, unknown>): string => JSON.stringify({ ...line, reqId: '', time: 0, ms: 0 })
  t.equal(same(lines[0]!), same(lines[1]!), 'the lane\'s line is fastify\'s')
  t.equal(same(lines[2]!), same(lines[3]!), 'with an id JSON escapes too')
  t.equal(same(lines[5]!), same(lines[7]!))
  t.match(lines[4], { status: 400, error_code: 'COC.00067003' })
})

t.test('the lane\'s checks of the number and headers are the route\'s schemas, for what reaches them', async t => {
  const params = compileSchema(createAjv(), IncidentNumParams, 'params')
  const headers = compileSchema(createAjv(), AuthHeaders, 'headers')
  // What reaches the checks: a plain segment, and header values as node gives them (one character a byte).
  const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,300}$/)
  const value = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map(code => String.fromCharCode(code)), maxLength: 300 })
  const sent = fc.record({ 'x-auth-token': value, 'x-request-id': value, host: value }, { requiredKeys: ['host'] })
  fc.assert(fc.property(segment, sent, (num, given) => {
    return routeTakes(num, given) === (params({ incident_num: num }) && headers(given))
  }), { numRuns: 2000 })
  t.equal(routeTakes('A'.repeat(255), { 'x-auth-token': 'x' }), true)
  t.equal(routeTakes('A'.repeat(256), { 'x-auth-token': 'x' }), false)
  t.equal(routeTakes('IM1', { 'x-auth-token': '' }), false)
  t.equal(routeTakes('IM1', {}), true)
})
