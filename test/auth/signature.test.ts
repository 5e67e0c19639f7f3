import t from 'tap'
import { canonicalQuery, canonicalUri, encode, parseAuthorization, parseSdkDate, sameSignature, sign, stringToSign } from '../../src/auth/signature.js'

const SK = 'DEMOSKabcdefghijklmnopqrstuvwxyz0123456789'
// sdk-signing.md's vectors: the SDK signs x-sdk-date too.
const headers = { 'content-type': 'application/json', host: '127.0.0.1:8080', 'x-domain-id': 'demo-domain-id', 'x-sdk-date': '20260101T000000Z' }
const base = { headers, signedHeaders: ['content-type', 'host', 'x-domain-id', 'x-sdk-date'], date: '20260101T000000Z' }

t.test('the test vectors of sdk-signing.md', async t => {
  t.equal(sign(SK, { ...base, method: 'GET', url: '/v1/external/incident/IM123' }), 'e7c7ce0bbc6eb22bf88f8f1bd927ad58f389dccb9f70bddcab5bc4b9fc52798d')
  t.equal(sign(SK, { ...base, method: 'POST', url: '/v1/external/incident/create', body: '{"incident_title":"disk full","incident_level":"level_4","is_service_interrupt":false}' }),
    'a4c87a65035b38ab70f27e0aca2fc37ee51e12d5d122cf19d07b1e16c7301ad2')
  t.equal(sign(SK, { ...base, method: 'POST', url: '/v1/external/incident/create', body: Buffer.from('{"incident_title":"disk full","incident_level":"level_4","is_service_interrupt":false}') }),
    'a4c87a65035b38ab70f27e0aca2fc37ee51e12d5d122cf19d07b1e16c7301ad2', 'the raw bytes give the same hash')
})

t.test('the string to sign', async t => {
  const text = stringToSign({ ...base, method: 'get', url: '/a' })
  t.match(text, /^SDK-HMAC-SHA256\n20260101T000000Z\n[0-9a-f]{64}$/)
  const unsigned = stringToSign({ ...base, headers: { ...headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, method: 'POST', url: '/a', body: 'anything' })
  t.equal(unsigned, stringToSign({ ...base, headers: { ...headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, method: 'POST', url: '/a', body: 'else' }), 'X-Sdk-Content-Sha256 replaces the body hash')
  t.equal(stringToSign({ ...base, method: 'GET', url: '/a', body: '' }), stringToSign({ ...base, method: 'GET', url: '/a' }), 'an empty body is no body')
  t.equal(stringToSign({ ...base, headers: { ...headers, 'x-sdk-content-sha256': '' }, method: 'POST', url: '/a', body: 'b' }),
    stringToSign({ ...base, method: 'POST', url: '/a', body: 'b' }), 'an empty X-Sdk-Content-Sha256 is no header')
  t.equal(stringToSign({ ...base, signedHeaders: ['x-missing'], method: 'GET', url: '/a' }),
    stringToSign({ ...base, headers: { ...headers, 'x-missing': '' }, signedHeaders: ['x-missing'], method: 'GET', url: '/a' }), 'a signed header that was not sent is empty')
  t.equal(stringToSign({ ...base, headers: { ...headers, 'x-dup': ['a', 'b'] }, signedHeaders: ['x-dup'], method: 'GET', url: '/a' }),
    stringToSign({ ...base, headers: { ...headers, 'x-dup': 'a,b' }, signedHeaders: ['x-dup'], method: 'GET', url: '/a' }), 'repeated headers are joined')
})

t.test('canonical URI: the Node form and the Python form', async t => {
  t.equal(canonicalUri('/v1/external/incident/IM123', 'sent'), '/v1/external/incident/IM123/')
  t.equal(canonicalUri('/v1/a/', 'sent'), '/v1/a/', 'no second slash')
  t.equal(canonicalUri('/v1/a%20b', 'sent'), '/v1/a%2520b/', 'encoded as sent')
  t.equal(canonicalUri('/v1/a%20b', 'decoded'), '/v1/a%20b/', 'the Python SDK decodes first')
  t.equal(canonicalUri('/v1/%E4%B8%AD', 'decoded'), '/v1/%E4%B8%AD/')
  t.equal(canonicalUri('/v1/%E0%A4%A', 'decoded'), '/v1/%25E0%25A4%25A/', 'an undecodable segment is taken as it is')
  t.equal(canonicalUri('/v1/IM%20%E4%B8%AD%20x', 'node-sdk'), '/v1/IM%2520%E4%B8%AD%2520x/', 'what the Node SDK signs for "IM 中 x"')
  t.equal(encode("a-b.c_d~e!f'g(h)i*j k/l"), 'a-b.c_d~e%21f%27g%28h%29i%2Aj%20k%2Fl')
})

t.test('canonical query', async t => {
  t.equal(canonicalQuery(''), '')
  t.equal(canonicalQuery('limit=2&offset=1'), 'limit=2&offset=1')
  t.equal(canonicalQuery('offset=1&limit=2'), 'limit=2&offset=1', 'keys sorted')
  t.equal(canonicalQuery('b=2&a=3&b=1'), 'a=3&b=1&b=2', 'values of a repeated key sorted')
  t.equal(canonicalQuery("q=it's(1)*&x"), 'q=it%27s%281%29%2A&x=', "!'()* re-encoded, a bare key has an empty value")
  t.equal(canonicalQuery('q=a%20b&&r=%2F'), 'q=a%20b&r=%2F', 'decoded then encoded; empty parts dropped')
})

t.test('headers and dates', async t => {
  t.same(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=ABCDEF'), { access: 'AK', signedHeaders: ['host', 'x-sdk-date'], signature: 'abcdef' })
  t.same(parseAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=host,Signature=00'), { access: 'AK', signedHeaders: ['host'], signature: '00' })
  t.equal(parseAuthorization('AWS4-HMAC-SHA256 Credential=x'), null)
  t.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=xyz'), null)
  t.equal(parseSdkDate('20260101T000000Z'), Date.UTC(2026, 0, 1))
  t.ok(Number.isNaN(parseSdkDate('20260231T000000Z')), 'February 31st is no date')
  t.ok(Number.isNaN(parseSdkDate('2026-01-01T00:00:00Z')))
  t.ok(sameSignature('abc', 'abc'))
  t.notOk(sameSignature('abc', 'abd'))
  t.notOk(sameSignature('abc', 'abcd'), 'different lengths')
})
