import t from 'tap'
import { createAuthenticator, type RequestParts } from '../../src/auth/authenticate.js'
import { sign } from '../../src/auth/signature.js'
import { CocError } from '../../src/errors.js'
import type { Fixtures } from '../../src/fixtures.js'

const dev = { domainId: 'coc-dev-domain', userId: 'dev', projectIds: ['coc-dev-project'] }
const fixtures: Pick<Fixtures, 'tokens' | 'credentials'> = {
  tokens: new Map([
    ['dev-token', { principal: dev, expiresAt: null }],
    ['other', { principal: { domainId: 'other-domain', userId: 'o', projectIds: ['other-project'] }, expiresAt: 2000 }],
    ['projectless', { principal: { domainId: 'coc-dev-domain', userId: 'p' }, expiresAt: null }]
  ]),
  credentials: new Map([
    ['AK1', { secret: 'SK1', securityToken: null, principal: dev }],
    ['TMP', { secret: 'SKT', securityToken: 'sec-token', principal: dev }]
  ])
}
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0)
const DATE = '20260101T000000Z'

function signed (ak: string, sk: string, extra: Record<string, string> = {}, signedNames = ['host', 'x-sdk-date']): RequestParts {
  const headers: Record<string, string> = { host: '127.0.0.1:8080', 'x-sdk-date': DATE, ...extra }
  const request = { method: 'GET', url: '/v1/external/incident/IM1', headers }
  const signature = sign(sk, { ...request, signedHeaders: signedNames, date: headers['x-sdk-date']! })
  headers.authorization = `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedNames.join(';')}, Signature=${signature}`
  return request
}

function refusal (fn: () => unknown): CocError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CocError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

const get = (headers: Record<string, string>): RequestParts => ({ method: 'GET', url: '/x', headers })

t.test('strict: tokens', async t => {
  const auth = createAuthenticator('strict', fixtures, () => 1000)
  t.same(auth.identify(get({ 'x-auth-token': 'dev-token' })), { principal: dev, signature: null })
  t.same(auth.identify(get({ 'x-auth-token': 'other' })).principal.domainId, 'other-domain', 'a token carries its own domain')
  t.equal(refusal(() => auth.identify(get({}))).code, 'GOM.00004010')
  t.equal(refusal(() => auth.identify(get({ 'x-auth-token': 'x' }))).code, 'GOM.00004011')
  const later = createAuthenticator('strict', fixtures, () => 2000)
  t.match(refusal(() => later.identify(get({ 'x-auth-token': 'other' }))).message, /expired at 1970-01-01T00:00:02.000Z/, 'expiry is exclusive')
  t.same(auth.identify(get({ 'x-auth-token': 'dev-token', 'x-domain-id': 'coc-dev-domain', 'x-project-id': 'coc-dev-project' })).principal, dev, 'its own domain and project may be named')
  t.match(refusal(() => auth.identify(get({ 'x-auth-token': 'dev-token', 'x-domain-id': 'other-domain' }))),
    { code: 'GOM.00004012', message: 'X-Domain-Id: [other-domain] is not the domain of these credentials' })
  t.equal(refusal(() => auth.identify(get({ 'x-auth-token': 'projectless', 'x-project-id': 'coc-dev-project' }))).code, 'GOM.00004012', 'credentials without projects name none')
  t.match(refusal(() => auth.identify(get({ 'x-auth-token': 'dev-token', 'x-project-id': 'other-project' }))),
    { code: 'GOM.00004012', message: "X-Project-Id: [other-project] is not a project of the credentials' domain" })
})

t.test('strict: signatures', async t => {
  const auth = createAuthenticator('strict', fixtures, () => NOW)
  const request = signed('AK1', 'SK1')
  const identity = auth.identify(request)
  t.same(identity.principal, dev)
  t.doesNotThrow(() => auth.verify(identity.signature!, request), 'a good signature')
  const forged = signed('AK1', 'not-the-secret')
  t.match(refusal(() => auth.verify(auth.identify(forged).signature!, forged)), { code: 'GOM.00004012', message: /^Authorization: the signature does not match the request/ })
  const cases: Array<[string, RequestParts, RegExp]> = [
    ['malformed', get({ authorization: 'Basic abc' }), /^Authorization: expected "SDK-HMAC-SHA256 Access=/],
    ['unknown AK', signed('AK9', 'SK1'), /^Authorization: access key \[AK9\] is not known/],
    ['no date', get({ authorization: signed('AK1', 'SK1').headers.authorization as string }), /^X-Sdk-Date: missing/],
    ['bad date', signed('AK1', 'SK1', { 'x-sdk-date': '2026-01-01' }), /^X-Sdk-Date: \[2026-01-01\] is not a yyyyMMddTHHmmssZ time/],
    ['old date', signed('AK1', 'SK1', { 'x-sdk-date': '20251231T234459Z' }), /more than 15 minutes/],
    ['future date', signed('AK1', 'SK1', { 'x-sdk-date': '20260101T001501Z' }), /more than 15 minutes/],
    ['security token with permanent credentials', signed('AK1', 'SK1', { 'x-security-token': 's' }, ['host', 'x-sdk-date', 'x-security-token']), /^X-Security-Token: sent with permanent credentials/],
    ['temporary credentials without their token', signed('TMP', 'SKT'), /^X-Security-Token: missing, or not the token/],
    ['temporary credentials with another token', signed('TMP', 'SKT', { 'x-security-token': 'nope' }, ['host', 'x-sdk-date', 'x-security-token']), /^X-Security-Token: missing, or not the token/],
    ['temporary token not signed', signed('TMP', 'SKT', { 'x-security-token': 'sec-token' }), /^X-Security-Token: must be a signed header/],
    ['another domain named', signed('AK1', 'SK1', { 'x-domain-id': 'other-domain' }, ['host', 'x-domain-id', 'x-sdk-date']), /^X-Domain-Id/]
  ]
  for (const [name, req, message] of cases) {
    const error = refusal(() => auth.identify(req))
    t.equal(error.code, 'GOM.00004012', `${name}: GOM.00004012`)
    t.match(error.message, message, `${name}: ${error.message}`)
    t.notMatch(error.message, /SK1|SKT/, 'never the secret')
  }
  t.doesNotThrow(() => auth.identify(signed('AK1', 'SK1', { 'x-sdk-date': '20251231T234500Z' })), 'exactly 15 minutes is in the window')
  const temporary = signed('TMP', 'SKT', { 'x-security-token': 'sec-token' }, ['host', 'x-sdk-date', 'x-security-token'])
  t.doesNotThrow(() => auth.verify(auth.identify(temporary).signature!, temporary), 'temporary credentials with their signed token')
})

t.test('permissive and off', async t => {
  const permissive = createAuthenticator('permissive', fixtures, () => 5000)
  t.same(permissive.identify(get({ 'x-auth-token': 'anything' })).principal, dev)
  t.equal(permissive.identify(get({ 'x-auth-token': 'other' })).principal.domainId, 'other-domain', 'a known token keeps its domain, even expired')
  t.same(permissive.identify(get({ authorization: 'SDK-HMAC-SHA256 Access=X, SignedHeaders=host, Signature=00' })), { principal: dev, signature: null }, 'any well-formed signature, unverified')
  t.equal(refusal(() => permissive.identify(get({ authorization: 'Basic abc' }))).code, 'GOM.00004012')
  t.equal(refusal(() => permissive.identify(get({}))).code, 'GOM.00004010')
  const off = createAuthenticator('off', { tokens: new Map(), credentials: new Map() })
  t.same(off.identify(get({})).principal, { domainId: 'coc-dev-domain', userId: 'coc-dev-user' }, 'without a dev-token fixture the default domain still applies')
})
