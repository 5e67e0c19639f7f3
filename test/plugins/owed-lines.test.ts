import fc from 'fast-check'
import t from 'tap'
import { Journal, type AnsweredInput } from '../../src/admin/journal.js'
import { LineBatch } from '../../src/log-batch.js'
import { RequestLog } from '../../src/plugins/request-log.js'
import { until } from '../support/helper.js'
import { recording } from '../support/log-destination.js'

const entry = (over: Partial<AnsweredInput> = {}): AnsweredInput => ({
  requestId: '7bf58a8814c173f40000000000000001',
  method: 'GET',
  url: '/v1/external/incident/IM202403181322030178042608',
  headers: 'Host\n127.0.0.1\nX-Auth-Token\ndev-token',
  body: undefined,
  status: 200,
  errorCode: 'GOM.00000000',
  incidentNum: 'IM202403181322030178042608',
  domainId: 'coc-dev-domain',
  durationMs: 0.05,
  faultId: undefined,
  ...over
})

/** A request log on a batch of `bytes`, whose journal of `capacity` owes its lines; time is `clock.now`. */
function owing (capacity = 100, bytes = 1 << 16, maxBytes?: number) {
  const clock = { now: 1_795_955_986_770 }
  const out = recording()
  const batch = new LineBatch(out, bytes, 60_000)
  const journal = new Journal(capacity, () => clock.now, maxBytes)
  const log = new RequestLog(batch, 'info', null, journal)
  /** The line the log writes at once for the same request. */
  const expected = (input: AnsweredInput, time = clock.now): string =>
    log.format(time, input.requestId, input.method, input.url, input.status, input.errorCode, input.domainId, input.durationMs)
  return { clock, out, batch, journal, log, expected }
}

t.test('an owed line is the line the request log writes at once, byte for byte', async t => {
  const plain = fc.stringMatching(/^[A-Za-z0-9._~-]{0,40}$/)
  const any = fc.string({ unit: 'binary', maxLength: 40 })
  // What JSON escapes, what the journal keeps as an object (not ASCII, or past its slot), and plain text.
  const text = fc.oneof(plain, any, fc.constantFrom('a"b', 'back\\slash', 'tab\there', '\u0000', 'é', '\ud800', 'x'.repeat(1100)))
  const request = fc.record({
    requestId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), text),
    method: fc.constantFrom('GET', 'POST', 'DELETE', 'M"X'),
    url: fc.oneof(plain.map(num => `/v1/external/incident/${num}`), fc.tuple(plain, text).map(([path, query]) => `/${path}?${query}`), text),
    status: fc.oneof(fc.constantFrom(200, 400, 404, 500), fc.integer({ min: 0, max: 2000 })),
    errorCode: fc.constantFrom('GOM.00000000', 'COC.00067003', 'a"b'),
    domainId: fc.option(fc.oneof(fc.constant('coc-dev-domain'), text), { nil: undefined }),
    // Durations are hundredths of a millisecond; the rest are written as text, as format writes them.
    durationMs: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }).map(n => n / 100), fc.double({ noNaN: true, min: 0 }), fc.constant(1e16)),
    time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constant(1.5))
  })
  fc.assert(fc.property(fc.array(request, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(64, 256, 1 << 16), (requests, capacity, bytes) => {
    const { clock, out, batch, journal, expected } = owing(capacity, bytes)
    let want = ''
    for (const { time, ...rest } of requests) {
      clock.now = time
      const input = entry(rest)
      want += expected(input)
      journal.recordOwingLine(input)
    }
    batch.flush()
    void batch.close()
    return out.text() === want
  }), { numRuns: 300 })
  t.pass('300 runs')
})

t.test('owed lines keep their place among the log\'s other lines', async t => {
  const { out, batch, journal, log, expected } = owing(3)
  const lines: string[] = []
  const owe = (id: string): void => {
    const input = entry({ requestId: id })
    lines.push(expected(input))
    journal.recordOwingLine(input)
  }
  owe('a')
  // A request fastify answered: recorded, then its line written at once.
  const other = entry({ requestId: 'b', status: 404, errorCode: 'COC.00067003' })
  journal.record(other)
  log.line(other.requestId, other.method, other.url, other.status, other.errorCode, other.domainId, other.durationMs)
  owe('c')
  batch.write('{"msg":"from pino"}\n')
  owe('d')
  journal.clear()
  owe('e')
  owe('f')
  owe('g')
  t.equal(journal.find({}, 10).total, 3)
  // The ring is full and owes all three: the next entry settles them before the oldest goes.
  owe('h')
  batch.flush()
  const written = out.text().split('\n').slice(0, -1)
  t.same(written.map(line => JSON.parse(line).reqId ?? JSON.parse(line).msg), ['a', 'b', 'c', 'from pino', 'd', 'e', 'f', 'g', 'h'])
  t.equal(written[0] + '\n', lines[0], 'each line as it would have been written at once')
  t.equal(written.at(-1) + '\n', lines.at(-1))
  void batch.close()
})

t.test('entries pushed out by the journal\'s byte bound have their lines written first', async t => {
  // 256 bytes of overhead and the URL and header lines: two entries fit in 700 bytes, not three.
  // A batch too small to keep a line: each line settled is handed over at once.
  const { out, batch, journal } = owing(100, 64, 700)
  for (const id of ['a', 'b', 'c']) journal.recordOwingLine(entry({ requestId: id }))
  t.equal(journal.find({}, 10).total, 2, 'the first entry was dropped')
  t.same(out.text().split('\n').slice(0, -1).map(line => JSON.parse(line).reqId), ['a', 'b'], 'after the lines owed were written')
  batch.flush()
  t.same(out.text().split('\n').slice(0, -1).map(line => JSON.parse(line).reqId), ['a', 'b', 'c'])
  void batch.close()
})

t.test('the pieces kept for methods, codes and domains stay bounded, and lines stay right past the bound', async t => {
  const { out, batch, journal, expected } = owing(1000)
  let want = ''
  for (let i = 0; i < 600; i++) {
    const input = entry({ method: `M${i % 300}`, domainId: `domain-${i % 400}`, errorCode: `COC.${i % 290}`, status: 200 + (i % 3) })
    want += expected(input)
    journal.recordOwingLine(input)
  }
  batch.flush()
  t.equal(out.text(), want)
  void batch.close()
})

t.test('lines are owed only to our own batch, at info or below, with the journal on', async t => {
  const batch = new LineBatch(recording(), 1 << 16, 60_000)
  t.teardown(() => batch.close())
  t.equal(new RequestLog(batch, 'info', null, new Journal(10)).defers, true)
  t.equal(new RequestLog(batch, 'debug', null, new Journal(10)).defers, true)
  t.equal(new RequestLog(batch, 'warn', null, new Journal(10)).defers, false, 'no access lines at warn')
  t.equal(new RequestLog(batch, 'info', null, new Journal(0)).defers, false, 'no journal to owe them')
  t.equal(new RequestLog(batch, 'info', null).defers, false)
  t.equal(new RequestLog({ write: () => true }, 'info', null, new Journal(10)).defers, false, 'another stream gets each line at once')
  t.throws(() => { new Journal(10).recordOwingLine(entry()) }, /owes lines only/, 'a journal with no writer owes nothing')
  const off = new Journal(0)
  off.oweLinesTo(new RequestLog(batch, 'info', null, new Journal(10)))
  t.throws(() => { off.recordOwingLine(entry()) }, /owes lines only/, 'nor one that keeps nothing')
})

t.test('the batch writes what the journal owes within its interval, and at close', async t => {
  const out = recording()
  const batch = new LineBatch(out, 1 << 16, 5)
  const journal = new Journal(10)
  const log = new RequestLog(batch, 'info', null, journal)
  t.equal(log.defers, true)
  journal.recordOwingLine(entry({ requestId: 'timed' }))
  t.equal(out.text(), '')
  await until(() => out.text() !== '', { everyMs: 5 })
  t.match(out.text(), /"reqId":"timed"/, 'written by the interval')
  journal.recordOwingLine(entry({ requestId: 'closing' }))
  await batch.close()
  t.match(out.text(), /"reqId":"closing"/, 'written by closing')
  journal.recordOwingLine(entry({ requestId: 'closed' }))
  t.match(out.text(), /"reqId":"closed"\S*\n$/, 'and at once once closed')
})
