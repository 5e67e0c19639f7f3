import t from 'tap'
import { EMPTY_BODY_SHA256, sha256Hex, sign } from '../../src/auth/signature.js'
import { build, EXAMPLE_NUM } from '../support/helper.js'

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const DATE = '20261127T120000Z'
const BODY = JSON.stringify({ incident_num: EXAMPLE_NUM, operator: 'u', operate_key: 'forwardOther1', parameter: { virtual_send_assignee: 'u2' } })

interface Signable { method: string, url: string, headers: Record<string, string>, body?: string }

function signRequest (request: Signable, secret = SK, ak = AK): Signable {
  const headers: Record<string, string> = { host: 'coc.example', 'content-type': 'application/json', 'x-sdk-date': DATE, 'x-domain-id': 'coc-dev-domain', ...request.headers }
  const signedHeaders = Object.keys(headers).map(h => h.toLowerCase()).sort()
  const signature = sign(secret, { method: request.method, url: request.url, headers, signedHeaders, date: headers['x-sdk-date']!, body: request.body })
  return { ...request, headers: { ...headers, authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` } }
}

t.test('each signed part tampered with in turn is refused; an unsigned header is not signed', async t => {
  const { app } = await build(t, { tickets: 5, now: () => NOW })
  const send = (r: Signable) => app.inject({ method: r.method as 'POST', url: r.url, headers: r.headers, ...(r.body === undefined ? {} : { payload: r.body }) })
  const post = signRequest({ method: 'POST', url: '/v1/external/incident/handle', headers: {}, body: BODY })
  const get = signRequest({ method: 'GET', url: `/v1/incident-tickets?limit=2&offset=1`, headers: {} })
  t.equal((await send(get)).statusCode, 200, 'the signed GET is accepted')

  const mismatch = /^Authorization: the signature does not match the request/
  const tampered: Array<[string, Signable, RegExp]> = [
    ['method', { ...get, method: 'DELETE' }, /./],
    ['path', { ...get, url: '/v1/incident-tickets/?limit=2&offset=1' }, /./],
    ['query', { ...get, url: '/v1/incident-tickets?limit=3&offset=1' }, mismatch],
    ['a signed header', { ...get, headers: { ...get.headers, host: 'evil.example' } }, mismatch],
    ['body', { ...post, body: BODY.replace('u2', 'u3') }, mismatch],
    ['date within the window', { ...get, headers: { ...get.headers, 'x-sdk-date': '20261127T120100Z' } }, mismatch],
    ['date outside the window', { ...get, headers: { ...get.headers, 'x-sdk-date': '20261127T100000Z' } }, /more than 15 minutes/],
    ['AK, to an unknown one', { ...get, headers: { ...get.headers, authorization: get.headers.authorization!.replace(AK, 'DEVAKCOCEMULATOR0009') } }, /access key \[DEVAKCOCEMULATOR0009\] is not known/],
    ['AK, to another known one', { ...get, headers: { ...get.headers, authorization: get.headers.authorization!.replace(AK, 'DEVAKCOCEMULATOR0002'), 'x-domain-id': 'coc-other-domain' } }, /./],
    ['SK', signRequest({ method: 'GET', url: '/v1/incident-tickets?limit=2&offset=1', headers: {} }, 'devskcocemulator000000000000000000000009'), mismatch],
    ['signature', { ...get, headers: { ...get.headers, authorization: get.headers.authorization!.replace(/.$/, c => c === '0' ? '1' : '0') } }, mismatch]
  ]
  for (const [part, request, message] of tampered) {
    const res = await send(request)
    if (part === 'method' || part === 'path') {
      // A changed method or path reaches another route first: 405 or a refused signature, never a 200.
      t.not(res.statusCode, 200, `${part}: refused (${res.json().error_code})`)
      continue
    }
    t.equal(res.statusCode, 400, `${part}: 400`)
    t.equal(res.json().error_code, 'GOM.00004012', `${part}: GOM.00004012`)
    t.match(res.json().error_msg, message, `${part}: ${res.json().error_msg}`)
    t.notMatch(res.body, new RegExp(SK), 'never the secret')
  }
  const path = await send({ ...signRequest({ method: 'GET', url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: {} }), url: '/v1/external/incident/IM202403221515060171753781' })
  t.match(path.json(), { error_code: 'GOM.00004012', error_msg: mismatch }, 'path: another ticket with the same signature')
  const method = await send({ ...post, method: 'PUT' })
  t.equal(method.statusCode, 405, 'method: PUT has no route')

  const unsigned = await send({ ...get, headers: { ...get.headers, 'user-agent': 'changed/1.0', accept: '*/*' } })
  t.equal(unsigned.statusCode, 200, 'an unsigned header changed is accepted')
  t.equal((await send(post)).statusCode, 200, 'the untouched POST is accepted')
})

t.test('UNSIGNED-PAYLOAD: the body is not part of the signature', async t => {
  const { app } = await build(t, { tickets: 0, now: () => NOW })
  const request = signRequest({ method: 'POST', url: '/v1/external/incident/handle', headers: { 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, body: BODY })
  const res = await app.inject({ method: 'POST', url: request.url, headers: request.headers, payload: BODY.replace('u2', 'u4') })
  t.equal(res.statusCode, 200)
})

t.test('a captured request replayed with another body and its X-Sdk-Content-Sha256 is refused', async t => {
  const { app } = await build(t, { tickets: 5, now: () => NOW })
  const send = (r: Signable, body = r.body) => app.inject({ method: r.method as 'POST', url: r.url, headers: r.headers, ...(body === undefined ? {} : { payload: body }) })
  const contentSha = sha256Hex(BODY)
  // The header is not signed: the captured request carries the hash of its own body.
  const captured = signRequest({ method: 'POST', url: '/v1/external/incident/handle', headers: {}, body: BODY })
  const replayed = { ...captured, headers: { ...captured.headers, 'x-sdk-content-sha256': contentSha } }
  const swapped = BODY.replace('u2', 'u3')
  for (const claim of [contentSha, contentSha.toUpperCase(), sha256Hex(swapped).slice(0, 63), 'unsigned-payload', EMPTY_BODY_SHA256]) {
    const res = await send({ ...replayed, headers: { ...replayed.headers, 'x-sdk-content-sha256': claim } }, swapped)
    t.equal(res.statusCode, 400, `claim ${claim}: 400`)
    t.same(res.json(), {
      provider_code: '049',
      error_code: 'GOM.00004012',
      error_msg: 'X-Sdk-Content-Sha256: not the SHA-256 of the body received; send the body\'s hex SHA-256 or UNSIGNED-PAYLOAD',
      data: null
    }, `claim ${claim}: says which check failed`)
    t.notMatch(res.body, new RegExp(`${SK}|${captured.headers.authorization!.split('Signature=')[1]}`), 'never the secret or the signature')
  }
  const assignee = (await app.inject({ method: 'GET', url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: { 'x-auth-token': 'dev-token' } })).json().data.incident_assignee
  t.notMatch(JSON.stringify(assignee), /u3/, 'the swapped body changed nothing')

  t.equal((await send(replayed)).statusCode, 200, 'the same header with its own body is accepted')
  const after = (await app.inject({ method: 'GET', url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: { 'x-auth-token': 'dev-token' } })).json().data.incident_assignee
  t.match(JSON.stringify(after), /u2/, 'and forwards the ticket')
  const signedClaim = signRequest({ method: 'POST', url: '/v1/external/incident/handle', headers: { 'x-sdk-content-sha256': sha256Hex(swapped) }, body: swapped })
  t.equal((await send(signedClaim, BODY)).json().error_code, 'GOM.00004012', 'a signed claim is checked against the body too')
})
