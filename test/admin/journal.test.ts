import t from 'tap'
import { Journal, MAX_JOURNALED_BODY, parseRawHeaders, redactHeaders, type JournalInput } from '../../src/admin/journal.js'

const input = (over: Partial<JournalInput> = {}): JournalInput => ({
  requestId: 'r',
  method: 'GET',
  url: '/v1/external/incident/IM1',
  headers: '',
  body: undefined,
  status: 200,
  errorCode: 'GOM.00000000',
  incidentNum: 'IM1',
  domainId: 'd',
  durationMs: 1,
  faultId: undefined,
  ...over
})

t.test('a bounded ring: the oldest entries go, and are counted', async t => {
  let now = 100
  const journal = new Journal(3, () => now++)
  for (let i = 1; i <= 5; i++) journal.record(input({ requestId: `r${i}` }))
  const found = journal.find({}, 10)
  t.same(found.requests.map(r => r.request_id), ['r5', 'r4', 'r3'], 'newest first')
  t.same(found.requests.map(r => r.id), [5, 4, 3])
  t.same(found.requests.map(r => r.time), [104, 103, 102])
  t.equal(found.total, 3)
  t.equal(found.capacity, 3)
  t.equal(found.dropped, 2)
  t.same(journal.find({}, 2).requests.map(r => r.request_id), ['r5', 'r4'], 'limit')
  journal.clear()
  t.same(journal.find({}, 10), { requests: [], total: 0, capacity: 3, dropped: 0 })
  journal.record(input({ requestId: 'after' }))
  t.same(journal.find({}, 10).requests.map(r => r.id), [6], 'ids keep counting after a clear')
})

t.test('a journal of size 0 keeps nothing', async t => {
  const journal = new Journal(0)
  journal.record(input())
  t.equal(journal.find({}, 10).total, 0)
})

t.test('filters: method, exact path or prefix, incident number', async t => {
  const journal = new Journal(10)
  journal.record(input({ requestId: 'a', method: 'GET', url: '/v1/external/incident/IM1?x=1', incidentNum: 'IM1' }))
  journal.record(input({ requestId: 'b', method: 'POST', url: '/v1/external/incident/handle', incidentNum: 'IM2' }))
  journal.record(input({ requestId: 'c', method: 'POST', url: '/v2/incidents/list', incidentNum: undefined }))
  const ids = (filter: Parameters<Journal['find']>[0]) => journal.find(filter, 10).requests.map(r => r.request_id)
  t.same(ids({ method: 'POST' }), ['c', 'b'])
  t.same(ids({ method: 'post' }), ['c', 'b'], 'method in any case')
  t.same(ids({ path: '/v1/external/incident/IM1' }), ['a'], 'the path without its query')
  t.same(ids({ path: '/v1/external/incident' }), [], 'an exact path is not a prefix')
  t.same(ids({ path: '/v1/*' }), ['b', 'a'])
  t.same(ids({ incident_num: 'IM2' }), ['b'])
  t.same(ids({ method: 'GET', path: '/v2/*' }), [])
  const a = journal.find({ path: '/v1/external/incident/IM1' }, 1).requests[0]
  t.equal(a.query, 'x=1')
  t.equal(a.incident_num, 'IM1')
  t.equal(journal.find({ path: '/v2/incidents/list' }, 1).requests[0].incident_num, null)
})

t.test('bodies: JSON parsed, other text kept, large ones by size only', async t => {
  const journal = new Journal(10)
  journal.record(input({ requestId: 'json', body: Buffer.from('{"a":[1,null]}') }))
  journal.record(input({ requestId: 'text', body: Buffer.from('{not json') }))
  journal.record(input({ requestId: 'big', body: Buffer.alloc(MAX_JOURNALED_BODY + 1, 'x') }))
  journal.record(input({ requestId: 'empty', body: Buffer.alloc(0) }))
  const body = (id: string) => journal.find({}, 10).requests.find(r => r.request_id === id)!.body
  t.same(body('json'), { a: [1, null] })
  t.equal(body('text'), '{not json')
  t.same(body('big'), { truncated: true, bytes: MAX_JOURNALED_BODY + 1 })
  t.equal(body('empty'), null)
})

t.test('raw header lines read back as a map', async t => {
  t.same(parseRawHeaders(''), {})
  t.same(parseRawHeaders('Host\nx\nX-Multi\na\nx-multi\nb\nAccept\n'), { host: 'x', 'x-multi': 'a, b', accept: '' })
  const journal = new Journal(1)
  journal.record(input({ headers: 'X-Auth-Token\ndev-token\nUser-Agent\nsdk' }))
  t.same(journal.find({}, 1).requests[0]!.headers, { 'x-auth-token': '[redacted]', 'user-agent': 'sdk' })
})

t.test('secrets are redacted; a signature keeps its AK and signed headers', async t => {
  const headers = redactHeaders({
    'x-auth-token': 'dev-token',
    'x-security-token': 'tmp-secret',
    cookie: 'session=1',
    'proxy-authorization': 'Basic abc',
    authorization: 'SDK-HMAC-SHA256 Access=DEVAK, SignedHeaders=host;x-sdk-date, Signature=0123abcd',
    'x-sdk-date': '20261127T000000Z',
    'x-multi': ['a', 'b'],
    'x-none': undefined
  })
  t.same(headers, {
    'x-auth-token': '[redacted]',
    'x-security-token': '[redacted]',
    cookie: '[redacted]',
    'proxy-authorization': '[redacted]',
    authorization: 'SDK-HMAC-SHA256 Access=DEVAK, SignedHeaders=host;x-sdk-date, Signature=[redacted]',
    'x-sdk-date': '20261127T000000Z',
    'x-multi': 'a, b'
  })
  t.equal(redactHeaders({ authorization: 'Bearer admin-secret' }).authorization, '[redacted]')
  t.equal(redactHeaders({ authorization: 'SDK-HMAC-SHA256 no signature part' }).authorization, '[redacted]')
})

t.test('the journal keeps only what it shows, within a byte budget', async t => {
  const budget = 64 * 1024
  const journal = new Journal(1000, Date.now, budget)
  const big = Buffer.alloc(MAX_JOURNALED_BODY + 1, 0x61)
  journal.record(input({ requestId: 'big', body: big }))
  const [entry] = journal.find({}, 1).requests
  t.same(entry!.body, { truncated: true, bytes: MAX_JOURNALED_BODY + 1 })
  t.ok(journal.heldBytes < 1024, 'a large body is kept as its size, not its bytes')
  const slab = Buffer.alloc(8192, 0x20)
  const view = slab.subarray(0, 2)
  view.write('{}')
  journal.record(input({ requestId: 'view', body: view }))
  t.same(journal.find({}, 1).requests[0]!.body, {}, 'a small body is kept')
  const body = Buffer.alloc(20 * 1024, 0x20)
  for (let i = 0; i < 20; i++) journal.record(input({ requestId: `r${i}`, body }))
  t.ok(journal.heldBytes <= budget, `held ${journal.heldBytes} bytes, within ${budget}`)
  const found = journal.find({}, 1000)
  t.equal(found.requests[0]!.request_id, 'r19', 'the newest stays')
  t.ok(found.total < 22 && found.dropped > 0, 'the oldest went, and were counted')
  t.same(redactHeaders(parseRawHeaders('__proto__\nx\nconstructor\ny')), Object.assign(Object.create(null), { ['__proto__']: 'x', constructor: 'y' }), 'header names are plain keys')
})

t.test('packed or kept whole, an entry reads back as recorded', async t => {
  const journal = new Journal(10, () => 7)
  const cases: Array<Partial<JournalInput>> = [
    { requestId: 'ascii', url: '/v1/external/incident/IM1?q=1', headers: 'Host\nx\nX-Auth-Token\nt', body: Buffer.from('{"a":1}'), status: null, errorCode: null, faultId: 'f1', domainId: undefined },
    { requestId: 'unicode', url: '/v1/external/incident/é', incidentNum: 'é', body: Buffer.from('{"a":"漢"}') },
    { requestId: 'no-number', incidentNum: undefined, headers: 'Host\n' + 'h'.repeat(2000) },
    { requestId: 'shared', body: Buffer.from('  {"b":2}  ').subarray(2, 9) },
    // Two 2-byte characters, then a 4-byte one that a write of 3 spare bytes would stop before.
    { requestId: 'astral', incidentNum: 'éé\u{1F600}' }
  ]
  for (const c of cases) journal.record(input(c))
  const found = journal.find({}, 10).requests.reverse()
  t.same(found.map(r => r.request_id), ['ascii', 'unicode', 'no-number', 'shared', 'astral'])
  t.equal(found[4]!.incident_num, 'éé\u{1F600}')
  t.match(found[0], { path: '/v1/external/incident/IM1', query: 'q=1', headers: { host: 'x', 'x-auth-token': '[redacted]' }, body: { a: 1 }, status: null, error_code: null, fault_id: 'f1', domain_id: null, incident_num: 'IM1', time: 7 })
  t.match(found[1], { path: '/v1/external/incident/é', incident_num: 'é', body: { a: '漢' } })
  t.equal(found[2]!.incident_num, null)
  t.equal(found[2]!.headers.host, 'h'.repeat(2000))
  t.same(found[3]!.body, { b: 2 })
  t.same(journal.recent(0), { count: 5, errors: 1 }, 'a dropped request (status null) counts as an error')
  t.same(journal.find({ status: 200 }, 10).requests.map(r => r.request_id), ['astral', 'shared', 'no-number', 'unicode'])
})
