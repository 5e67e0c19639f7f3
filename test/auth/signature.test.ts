import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import t from 'tap'
import { canonicalQuery, canonicalUri, EMPTY_BODY_SHA256, encode, hmacHex, parseAuthorization, parseSdkDate, payloadHash, sameSignature, sha256Hex, sign, stringToSign } from '../../src/auth/signature.js'

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
  const hex = sha256Hex('x')
  for (let i = 0; i < hex.length; i++) {
    const other = hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1)
    t.notOk(sameSignature(hex, other), `a difference at ${i} of ${hex.length} is found`)
  }
})

t.test('HMAC-SHA256 by the key\'s pads is what createHmac computes, for any secret and message', async t => {
  // Secrets past 64 bytes (hashed first), non-ASCII ones, and more of them than are kept;
  // messages past the pads' room (createHmac's own) and with characters of 2 to 4 bytes.
  const secret = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constant('k'.repeat(64)), fc.constant('k'.repeat(65)))
  const message = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ minLength: 300, maxLength: 2000 }))
  fc.assert(fc.property(secret, message, (key, data) => hmacHex(key, data) === createHmac('sha256', key).update(data).digest('hex')), { numRuns: 400 })
  // The pads are reused: the same secret gives the same answer after others were used.
  const first = hmacHex('reused', 'message')
  for (let i = 0; i < 100; i++) hmacHex(`other ${i}`, 'message')
  t.equal(hmacHex('reused', 'message'), first)
  t.equal(hmacHex('reused', 'message'), createHmac('sha256', 'reused').update('message').digest('hex'))
  for (const data of ['a longer message', 'short', 'a longer message', '', 'é'.repeat(50), 'short']) {
    t.equal(hmacHex('reused', data), createHmac('sha256', 'reused').update(data).digest('hex'), `one secret, messages of changing length: ${data.length}`)
  }
  t.equal(sign('DEMOSKabcdefghijklmnopqrstuvwxyz0123456789', { ...base, method: 'GET', url: '/v1/external/incident/IM123' }),
    'e7c7ce0bbc6eb22bf88f8f1bd927ad58f389dccb9f70bddcab5bc4b9fc52798d', 'the test vector after a hundred other secrets')
})

t.test('a signed-header list is split once, and its names keep their order, empty ones included', async t => {
  const header = (list: string): string => `SDK-HMAC-SHA256 Access=AK, SignedHeaders=${list}, Signature=00`
  const first = parseAuthorization(header('host;x-sdk-date'))!.signedHeaders
  t.equal(parseAuthorization(header('host;x-sdk-date'))!.signedHeaders, first, 'the same list, not a new one')
  t.ok(Object.isFrozen(first), 'shared, so it cannot be changed')
  t.same(parseAuthorization(header('b;;a'))!.signedHeaders, ['b', '', 'a'])
  for (let i = 0; i < 100; i++) t.same(parseAuthorization(header(`h${i};host`))!.signedHeaders, [`h${i}`, 'host'])
  t.same(parseAuthorization(header('host;x-sdk-date'))!.signedHeaders, ['host', 'x-sdk-date'], 'still right after a hundred other lists')
  // The canonical request names the headers as sent, joined with ";": an empty name stays.
  const request = { ...base, method: 'GET', url: '/a' }
  t.equal(stringToSign({ ...request, signedHeaders: ['host', '', 'x-sdk-date'] }),
    `SDK-HMAC-SHA256\n20260101T000000Z\n${sha256Hex(`GET\n/a/\n\nhost:127.0.0.1:8080\n:\nx-sdk-date:20260101T000000Z\n\nhost;;x-sdk-date\n${EMPTY_BODY_SHA256}`)}`)
  t.equal(stringToSign({ ...request, signedHeaders: ['', 'host'] }),
    `SDK-HMAC-SHA256\n20260101T000000Z\n${sha256Hex(`GET\n/a/\n\n:\nhost:127.0.0.1:8080\n\n;host\n${EMPTY_BODY_SHA256}`)}`, 'a list that starts with an empty name')
})

t.test('the payload hash: only UNSIGNED-PAYLOAD skips the body; any other claim must be the body\'s hash', async t => {
  const body = '{"a":1}'
  const own = sha256Hex(body)
  t.equal(payloadHash({}, body), own, 'no header: the body\'s own hash')
  t.equal(payloadHash({}, undefined), EMPTY_BODY_SHA256, 'no body')
  t.equal(payloadHash({}, Buffer.alloc(0)), EMPTY_BODY_SHA256, 'an empty body')
  t.equal(payloadHash({ 'x-sdk-content-sha256': '' }, body), own, 'an empty header is no header')
  t.equal(payloadHash({ 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, body), 'UNSIGNED-PAYLOAD')
  t.equal(payloadHash({ 'x-sdk-content-sha256': own }, body), own, 'the body\'s own hash')
  t.equal(payloadHash({ 'x-sdk-content-sha256': own.toUpperCase() }, body), own.toUpperCase(), 'in upper case, kept as sent: the SDK signs the header\'s value')
  t.equal(payloadHash({ 'x-sdk-content-sha256': EMPTY_BODY_SHA256 }, undefined), EMPTY_BODY_SHA256)
  for (const claim of [sha256Hex('{"a":2}'), EMPTY_BODY_SHA256, 'unsigned-payload', 'UNSIGNED-PAYLOAD ', own.slice(1), 'x']) {
    t.equal(payloadHash({ 'x-sdk-content-sha256': claim }, body), null, `refused: ${claim}`)
  }
  t.throws(() => stringToSign({ ...base, headers: { ...headers, 'x-sdk-content-sha256': EMPTY_BODY_SHA256 }, method: 'POST', url: '/a', body }),
    /X-Sdk-Content-Sha256/, 'nothing is signed over a hash the body does not have')
  t.equal(stringToSign({ ...base, method: 'POST', url: '/a', body, payloadHash: 'UNSIGNED-PAYLOAD' }),
    stringToSign({ ...base, headers: { ...headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, method: 'POST', url: '/a', body: 'other' }), 'a hash worked out already is used')
})

/** `yyyyMMddTHHmmssZ` from its six fields, each zero-padded. */
function sdkDate (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(year, 4)}${pad(month)}${pad(day)}T${pad(hour)}${pad(minute)}${pad(second)}Z`
}

t.test('X-Sdk-Date is parsed strictly: a field out of range is refused, never rolled over', async t => {
  const bad = [
    '20260101T000060Z', '20260101T006000Z', '20260101T240000Z', '20260101T999999Z',
    '20261301T000000Z', '20260001T000000Z', '20269901T000000Z', '20260100T000000Z', '20260132T000000Z',
    '20260230T000000Z', '20260229T000000Z', '21000229T000000Z', '20260431T000000Z', '20260631T000000Z',
    '20260931T000000Z', '20261131T000000Z',
    '2026-01-01T00:00:00Z', '20260101T000000', '20260101 000000Z', '20260101t000000z', '202601010T00000Z',
    '+2026101T000000Z', '20260101T000000Z ', '', '２０２６0101T000000Z'
  ]
  for (const value of bad) t.ok(Number.isNaN(parseSdkDate(value)), `refused: ${JSON.stringify(value)}`)
  const good: Array<[string, number]> = [
    ['20260101T000000Z', Date.UTC(2026, 0, 1)],
    ['20261231T235959Z', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['20240229T120000Z', Date.UTC(2024, 1, 29, 12)],
    ['20000229T000000Z', Date.UTC(2000, 1, 29)],
    ['19700101T000000Z', 0],
    ['99991231T235959Z', Date.UTC(9999, 11, 31, 23, 59, 59)],
    ['00500101T000000Z', -60589296000000]
  ]
  for (const [value, ms] of good) t.equal(parseSdkDate(value), ms, `accepted: ${value}`)
})

t.test('X-Sdk-Date: every day of four years reads back, and the day after each month\'s last is refused', async t => {
  // A bounded sweep over a common year, two leap years and a century that is not one.
  let checked = 0
  for (const year of [2026, 2024, 2000, 2100]) {
    for (let month = 1; month <= 12; month++) {
      let day = 1
      for (; day <= 31; day++) {
        const ms = Date.UTC(year, month - 1, day, day % 24, (day * 7) % 60, (day * 13) % 60)
        if (new Date(ms).getUTCMonth() !== month - 1) break
        if (parseSdkDate(sdkDate(year, month, day, day % 24, (day * 7) % 60, (day * 13) % 60)) !== ms) t.fail(`${sdkDate(year, month, day)} does not read back`)
        checked++
      }
      t.ok(Number.isNaN(parseSdkDate(sdkDate(year, month, day))), `${sdkDate(year, month, day)}: refused`)
    }
  }
  t.equal(checked, 365 + 366 + 366 + 365, 'every day was read')
  for (let field = 0; field < 3; field++) {
    // Each time field at its first value out of range, on every day of January.
    for (let day = 1; day <= 31; day++) {
      const time = [0, 0, 0]
      time[field] = [24, 60, 60][field]!
      t.ok(Number.isNaN(parseSdkDate(sdkDate(2026, 1, day, time[0], time[1], time[2]))), `${sdkDate(2026, 1, day, time[0], time[1], time[2])}: refused`)
    }
  }
})

t.test('canonical URI: a path needing escapes and ending in a slash keeps one slash', async t => {
  t.equal(canonicalUri('/v1/a b/', 'sent'), '/v1/a%20b/')
  t.equal(canonicalUri('/v1/a%20b/', 'decoded'), '/v1/a%20b/')
  // Unreserved paths take the short way; it agrees with encoding segment by segment.
  for (const form of ['sent', 'decoded', 'node-sdk'] as const) t.equal(canonicalUri('/v1/A-z_0.9~/x', form), '/v1/A-z_0.9~/x/')
})
