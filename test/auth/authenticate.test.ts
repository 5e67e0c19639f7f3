import t from 'tap'
import { createAuthenticator } from '../../src/auth/authenticate.js'
import { CocError } from '../../src/errors.js'
import type { Fixtures } from '../../src/fixtures.js'

const tokens: Fixtures['tokens'] = new Map([
  ['dev-token', { principal: { domainId: 'coc-dev-domain', userId: 'dev' }, expiresAt: null }],
  ['other', { principal: { domainId: 'other-domain', userId: 'o' }, expiresAt: 2000 }]
])
const SIGNED = 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host, Signature=abc123'

function refusal (fn: () => unknown): CocError {
  try {
    fn()
  } catch (err) {
    if (err instanceof CocError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

t.test('strict', async t => {
  const authenticate = createAuthenticator('strict', tokens, () => 1000)
  t.same(authenticate({ 'x-auth-token': 'dev-token' }), { domainId: 'coc-dev-domain', userId: 'dev' })
  t.same(authenticate({ 'x-auth-token': 'other' }), { domainId: 'other-domain', userId: 'o' }, 'a token carries its own domain')
  t.equal(refusal(() => authenticate({})).code, 'GOM.00004010')
  t.equal(refusal(() => authenticate({ 'x-auth-token': 'x' })).code, 'GOM.00004011')
  t.equal(refusal(() => authenticate({ authorization: SIGNED })).code, 'GOM.00004012')
  const later = createAuthenticator('strict', tokens, () => 2000)
  t.match(refusal(() => later({ 'x-auth-token': 'other' })).message, /expired at 1970-01-01T00:00:02.000Z/, 'expiry is exclusive')
})

t.test('permissive', async t => {
  const authenticate = createAuthenticator('permissive', tokens, () => 5000)
  t.same(authenticate({ 'x-auth-token': 'anything' }), { domainId: 'coc-dev-domain', userId: 'dev' })
  t.same(authenticate({ 'x-auth-token': 'other' }), { domainId: 'other-domain', userId: 'o' }, 'a known token keeps its domain, even expired')
  t.same(authenticate({ authorization: SIGNED }), { domainId: 'coc-dev-domain', userId: 'dev' })
  t.equal(refusal(() => authenticate({ authorization: 'Basic abc' })).code, 'GOM.00004012', 'a malformed signature header')
  t.equal(refusal(() => authenticate({})).code, 'GOM.00004010')
})

t.test('off', async t => {
  const authenticate = createAuthenticator('off', new Map())
  t.same(authenticate({}), { domainId: 'coc-dev-domain', userId: 'coc-dev-user' }, 'without a dev-token fixture the default domain still applies')
})
