import { connect, type AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import t from 'tap'
import { refuseConnect } from '../../src/plugins/node-answers.js'
import { build } from '../support/helper.js'

interface RawResponse {
  statusLine: string
  headers: Map<string, string>
  body: string
}

/** Splits what the server wrote into its responses (a 100 Continue comes before the final one). */
function parseResponses (text: string): RawResponse[] {
  const responses: RawResponse[] = []
  let rest = text
  for (let i = 0; i < 4 && rest !== ''; i++) {
    const end = rest.indexOf('\r\n\r\n')
    if (end === -1) throw new Error(`not an HTTP response: ${JSON.stringify(rest)}`)
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n')
    const headers = new Map(lines.map(line => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
    const length = Number(headers.get('content-length') ?? 0)
    responses.push({ statusLine: statusLine!, headers, body: rest.slice(end + 4, end + 4 + length) })
    rest = rest.slice(end + 4 + length)
  }
  return responses
}

/**
 * Sends raw HTTP text on a new connection and reads until the server closes it. `then` is sent
 * once the server has answered something (the body after a 100 Continue).
 */
async function exchange (port: number, text: string, then?: string): Promise<{ responses: RawResponse[], closedByServer: boolean }> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    let closedByServer = false
    // A guard, not a timing: a hung exchange fails instead of stalling the suite.
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')))
    socket.on('data', chunk => {
      received += String(chunk)
      if (then !== undefined) {
        socket.write(then)
        then = undefined
      }
    })
    socket.on('end', () => { closedByServer = true })
    socket.on('error', reject)
    socket.on('close', () => {
      try {
        resolve({ responses: parseResponses(received), closedByServer })
      } catch (err) {
        reject(err)
      }
    })
    socket.write(text)
  })
}

async function listening (t: Parameters<typeof build>[0]): Promise<number> {
  const { app } = await build(t, { tickets: 5 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as AddressInfo).port
}

type Envelope = { provider_code: string, error_code: string, error_msg: string, data: null }
const envelope = (response: RawResponse): Envelope => JSON.parse(response.body) as Envelope

t.test('an HTTP/1.1 request without Host: 400 in the envelope, from the app, not Node\'s bare answer', async t => {
  const port = await listening(t)
  for (const path of ['/__admin/health', '/v1/external/incident/IM1', '/no/such/route']) {
    const { responses } = await exchange(port, `GET ${path} HTTP/1.1\r\nX-Auth-Token: dev-token\r\nConnection: close\r\n\r\n`)
    t.equal(responses.length, 1)
    t.equal(responses[0]!.statusLine, 'HTTP/1.1 400 Bad Request', `${path}: status line`)
    t.match(responses[0]!.headers.get('content-type'), /^application\/json/)
    t.same(envelope(responses[0]!), { provider_code: '049', error_code: 'GOM.00007256', error_msg: 'Host: header is required', data: null }, `${path}: envelope`)
    t.match(responses[0]!.headers.get('x-request-id'), /^[0-9a-f]{32}$/, `${path}: X-Request-Id`)
  }
  const echoed = await exchange(port, 'GET /__admin/health HTTP/1.1\r\nX-Request-Id: my-id-1\r\nConnection: close\r\n\r\n')
  t.equal(echoed.responses[0]!.headers.get('x-request-id'), 'my-id-1', 'the client\'s own request id is echoed')
  const withHost = await exchange(port, 'GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
  t.equal(withHost.responses[0]!.statusLine, 'HTTP/1.1 200 OK', 'with Host: served')
  const old = await exchange(port, 'GET /__admin/health HTTP/1.0\r\n\r\n')
  t.match(old.responses[0]!.statusLine, /^HTTP\/1\.1 200 /, 'HTTP/1.0 may leave Host out')
})

t.test('an Expect other than 100-continue: 417 in the envelope; 100-continue still works', async t => {
  const port = await listening(t)
  for (const expect of ['something-else', '200-ok', 'continue']) {
    const { responses, closedByServer } = await exchange(port,
      `POST /v1/external/incident/create HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: ${expect}\r\n\r\n{}`)
    t.equal(responses.length, 1)
    t.equal(responses[0]!.statusLine, 'HTTP/1.1 417 Expectation Failed', `${expect}: status line`)
    t.same(envelope(responses[0]!), { provider_code: '049', error_code: 'GOM.00004170', error_msg: `Expect: [${expect}] is not supported; only 100-continue is`, data: null })
    t.match(responses[0]!.headers.get('x-request-id'), /^[0-9a-f]{32}$/, `${expect}: X-Request-Id`)
    t.equal(responses[0]!.headers.get('connection'), 'close', 'the body left unread, the connection closes')
    t.ok(closedByServer, 'closed by the server')
  }
  const echoed = await exchange(port, 'GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: x\r\nX-Request-Id: my-id-2\r\n\r\n')
  t.equal(echoed.responses[0]!.headers.get('x-request-id'), 'my-id-2', 'the client\'s own request id is echoed')

  const body = JSON.stringify({ incident_level: 'level_40', is_service_interrupt: 'true', incident_type: 'inc_type_p_function_issues', incident_title: 'sent after 100 Continue', incident_source: 'incident_source_manual', creator: 'u', incident_assignee: ['a'] })
  const continued = await exchange(port,
    `POST /v1/external/incident/create HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`, body)
  t.equal(continued.responses.length, 2)
  t.equal(continued.responses[0]!.statusLine, 'HTTP/1.1 100 Continue')
  t.equal(continued.responses[1]!.statusLine, 'HTTP/1.1 200 OK', 'the body sent after 100 Continue is served')
  t.match(JSON.parse(continued.responses[1]!.body), { error_code: 'GOM.00000000', data: { incident_num: /^IM\d{24}$/ } })
})

t.test('CONNECT: 405 in the envelope, then the connection is closed', async t => {
  const port = await listening(t)
  const { responses, closedByServer } = await exchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
  t.equal(responses.length, 1)
  t.equal(responses[0]!.statusLine, 'HTTP/1.1 405 Method Not Allowed')
  t.same(envelope(responses[0]!), { provider_code: '049', error_code: 'GOM.00004050', error_msg: 'CONNECT example.com:443: method not allowed; the emulator is not a proxy', data: null })
  t.match(responses[0]!.headers.get('x-request-id'), /^[0-9a-f]{32}$/)
  t.equal(responses[0]!.headers.get('allow'), '', 'a host allows no methods of the API')
  t.ok(closedByServer, 'closed by the server')
  const echoed = await exchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nX-Request-Id: my-id-3\r\n\r\nextra bytes')
  t.equal(echoed.responses[0]!.headers.get('x-request-id'), 'my-id-3', 'the client\'s own request id is echoed')
  const health = await exchange(port, 'GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
  t.equal(health.responses[0]!.statusLine, 'HTTP/1.1 200 OK', 'the server goes on serving')
})

t.test('CONNECT on a socket that is gone: nothing written, the socket destroyed; its errors are handled', async t => {
  const req = { url: 'example.com:443', headers: {} } as IncomingMessage
  const gone = new PassThrough()
  gone.end()
  let written = ''
  gone.on('data', chunk => { written += String(chunk) })
  refuseConnect(req, gone)
  t.equal(written, '')
  t.ok(gone.destroyed, 'destroyed')
  const failing = new PassThrough()
  refuseConnect(req, failing)
  failing.emit('error', new Error('reset by peer'))
  t.ok(failing.destroyed, 'an error on the handed-over socket destroys it, and does not crash the server')
})
