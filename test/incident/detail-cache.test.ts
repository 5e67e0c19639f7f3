import t from 'tap'
import type { Test } from 'tap'
import { createDetailView } from '../../src/incident/detail-cache.js'
import type { IncidentRecord } from '../../src/schemas/incident.js'
import { workflowOf } from '../../src/incident/record.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { fixtures, makeRecord, until } from '../support/helper.js'

const ticket = (num: string, domainId = 'd1') => makeRecord({ incident_num: num, domain_id: domainId, incident_title: `title of ${num}` })

t.test('bodies are the serialised envelope, read once and then kept', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  store.insertMany([ticket('A'), ticket('B', 'd2')])
  let reads = 0
  const counting = { get: (d: string, n: string) => { reads++; return store.get(d, n) }, subscribe: store.subscribe }
  const view = createDetailView(counting, fixtures)
  const body = view.body('d1', 'A')!
  t.match(JSON.parse(body), { provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data: { incident_num: 'A', title: undefined, incident_title: 'title of A' } })
  t.equal(view.body('d1', 'A'), body)
  t.equal(reads, 1, 'the second read came from the cache')
  const kept = view.bytes('d1', 'A')!
  t.equal(kept.buffer.byteLength, kept.length, 'a kept body owns its memory, not a slice of a shared block')
  t.equal(view.body('d2', 'A'), undefined, 'a cached ticket of another domain is not found')
  t.equal(view.body('d1', 'B'), undefined, 'nor an uncached one')
  t.equal(view.body('d1', 'nope'), undefined)
})

t.test('a write to a ticket drops its cached body', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const notified: Array<string[] | null> = []
  store.subscribe(nums => notified.push(nums === null ? null : [...nums]))
  store.insertMany([ticket('A')])
  t.same(notified, [['A']], 'subscribers hear the numbers written')
  const view = createDetailView(store, fixtures)
  t.equal(view.body('d2', 'A'), undefined)
  t.ok(view.body('d1', 'A'))
  let reads = 0
  const get = store.get
  store.get = (d, n) => { reads++; return get(d, n) }
  view.body('d1', 'A')
  t.equal(reads, 0, 'cached')
  // Rewrite the ticket behind the store's back, then report the write as the store does.
  store.transaction(() => store.setMeta('unrelated', 'x'))
  t.equal(reads, 0)
  store.insertMany([ticket('C')])
  view.body('d1', 'A')
  t.equal(reads, 0, 'a write to another ticket keeps this one')
})

t.test('the cache is bounded', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  store.insertMany([ticket('A'), ticket('B'), ticket('C')])
  let reads = 0
  const counting = { get: (d: string, n: string) => { reads++; return store.get(d, n) }, subscribe: store.subscribe }
  const view = createDetailView(counting, fixtures, { maxEntries: 2 })
  view.body('d1', 'A')
  view.body('d1', 'B')
  view.body('d1', 'C')
  t.equal(reads, 3)
  view.body('d1', 'A')
  t.equal(reads, 4, 'the oldest entry was dropped')
  view.body('d1', 'C')
  t.equal(reads, 4, 'a recent one was kept')
})

t.test('a full cache keeps a newcomer on its second recent read', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const others = Array.from({ length: 9000 }, (_, i) => ticket(`IM-other-${i}`))
  const fewer = Array.from({ length: 5000 }, (_, i) => ticket(`IM-fewer-${i}`))
  store.insertMany([ticket('A'), ticket('B'), ticket('C'), ticket('D'), ticket('E'), ...others, ...fewer])
  let reads = 0
  const counting = { get: (d: string, n: string) => { reads++; return store.get(d, n) }, subscribe: store.subscribe }
  const view = createDetailView(counting, fixtures, { maxEntries: 2, secondReadWhenFull: true })
  const readsOf = (num: string): number => {
    const before = reads
    t.ok(view.body('d1', num))
    return reads - before
  }
  t.equal(readsOf('A') + readsOf('B'), 2)
  t.equal(readsOf('A') + readsOf('B'), 0, 'a cache with room keeps every ticket read')
  t.equal(readsOf('C'), 1)
  t.equal(readsOf('A') + readsOf('B'), 0, 'a first read does not displace a kept body')
  t.equal(readsOf('C'), 1, 'the second read is not kept yet')
  t.equal(readsOf('C'), 0, 'it was kept on the second read')
  t.equal(readsOf('A'), 1, 'in place of the oldest')
  t.equal(readsOf('B'), 0)
  // A first read is remembered for some thousands of first reads of other tickets (4,096 to 8,192), then forgotten.
  t.equal(readsOf('E'), 1)
  for (const other of fewer) view.body('d1', other.incident_num)
  t.equal(readsOf('E'), 1)
  t.equal(readsOf('E'), 0, 'a read 5,000 first reads ago still counted')
  t.equal(readsOf('D'), 1)
  for (const other of others) view.body('d1', other.incident_num)
  t.equal(readsOf('D'), 1)
  t.equal(readsOf('D'), 1, 'a read that long ago did not count: the one after it was the first')
  t.equal(readsOf('D'), 0, 'kept on its second recent read')
})

/** A store whose detail statements are counted: `rows` per chunk walked, `reads` per ticket read. */
function counted (t: Test, records: IncidentRecord[]) {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  store.insertMany(records)
  const calls = { reads: 0, chunks: 0, ended: 0 }
  const counting = {
    get: store.get,
    subscribe: store.subscribe,
    count: store.count,
    detailOf: (d: string, n: string) => { calls.reads++; return store.detailOf(d, n) },
    detailRows: (after: number, limit: number) => {
      calls.chunks++
      const rows = store.detailRows(after, limit)
      if (rows.length === 0) calls.ended++
      return rows
    }
  }
  return { store, counting, calls }
}

const many = (n: number, prefix = 'W', extra: Partial<IncidentRecord> = {}) =>
  Array.from({ length: n }, (_, i) => makeRecord({ incident_num: `${prefix}${i}`, domain_id: i % 2 === 0 ? 'd1' : 'd2', incident_title: `title ${i}`, ...extra }))

t.test('warming renders every ticket ahead of its first read, a chunk per turn', async t => {
  const records = many(200)
  const { store, counting, calls } = counted(t, records)
  const view = createDetailView(counting, fixtures)
  const fresh = createDetailView(store, fixtures, { maxEntries: 0 })
  t.equal(await view.warm(), 200, 'every ticket, in more than one chunk')
  t.ok(calls.chunks > 2, `${calls.chunks} chunks`)
  let differ = 0
  for (const record of records) {
    if (!view.bytes(record.domain_id, record.incident_num)!.equals(fresh.bytes(record.domain_id, record.incident_num)!)) differ++
  }
  t.equal(differ, 0, 'a warmed body is the body a read renders')
  t.equal(calls.reads, 0, 'no ticket was read from the store again')
  t.equal(view.bytes('d2', 'W0'), undefined, 'a warmed ticket of another domain is not found')
  const warmed = view.bytes('d1', 'W0')!
  t.ok(warmed.buffer.byteLength > warmed.length, 'warmed bodies share blocks')
  t.equal(await view.warm(), 0, 'a second walk finds them all kept')

  const changed = { ...records[0]!, incident_title: 'renamed' }
  t.ok(store.replace(changed, { status: changed.status, phase: workflowOf(changed).phase }))
  t.match(view.body('d1', 'W0'), /"incident_title":"renamed"/, 'a write drops the warmed body')
  t.equal(calls.reads, 1)
})

t.test('warming again after every body was dropped, until stopped', async t => {
  const { store, counting, calls } = counted(t, many(10))
  const view = createDetailView(counting, fixtures)
  t.equal(await view.warm(), 10)
  view.invalidate()
  t.ok(await until(() => calls.ended === 2), 'dropping every body warms again')
  view.body('d1', 'W0')
  t.equal(calls.reads, 0, 'the bodies are back')
  view.stopWarming()
  store.clear()
  store.insertMany(many(10))
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
  t.equal(calls.ended, 2, 'no walk once stopped')
  view.body('d1', 'W0')
  t.equal(calls.reads, 1)
})

t.test('a newer walk ends the one under way', async t => {
  const { counting } = counted(t, many(300))
  const told: number[] = []
  const view = createDetailView(counting, fixtures, { onWarmed: (rendered, ms) => { t.ok(ms >= 0); told.push(rendered) } })
  const older = view.warm()
  const newer = view.warm()
  t.same(await Promise.all([older, newer]), [0, 300])
  t.same(told, [300], 'only the walk that ended by itself is told')
  const stopped = view.warm()
  view.stopWarming()
  t.equal(await stopped, 0)
})

t.test('warming stays within the bound', async t => {
  const small = many(64, 'S')
  const large = many(100, 'L', { incident_description: 'x'.repeat(4000) })
  const { counting, calls } = counted(t, [...small, ...large])
  // The first chunk's bodies foretell room for all; the larger ones after them fill it.
  const view = createDetailView(counting, fixtures, { maxBytes: 200 * 2000 })
  const rendered = await view.warm()
  t.ok(rendered > 64 && rendered < 164, `${rendered} rendered`)
  view.body('d1', 'L98')
  t.equal(calls.reads, 1, 'a ticket past the bound is read when asked for')

  const { counting: tooMany, calls: tooManyCalls } = counted(t, many(1000))
  const bounded = createDetailView(tooMany, fixtures, { maxBytes: 500 * 2000 })
  t.equal(await bounded.warm(), 64, 'a store whose bodies cannot all fit is walked no further than its first chunk')
  t.equal(tooManyCalls.chunks, 1)
})

t.test('warming skips a ticket it cannot show, and ends with its store', async t => {
  const { store, counting } = counted(t, many(5))
  store.database.prepare("UPDATE incidents SET enum_data_list = '{bad' WHERE incident_num = ?").run('W2')
  const view = createDetailView(counting, fixtures)
  t.equal(await view.warm(), 4)
  t.throws(() => view.bytes('d1', 'W2'), SyntaxError, 'its read says why')

  const closing = counted(t, many(5))
  const orphan = createDetailView(closing.counting, fixtures)
  const walk = orphan.warm()
  closing.store.close()
  t.equal(await walk, 0, 'a store closed under a walk ends it')

  const plain = createDetailView({ get: closing.store.get, subscribe: () => {} }, fixtures)
  t.equal(await plain.warm(), 0, 'a store without the walk statement has nothing to warm')
})

t.test('a bound of nothing keeps nothing', async t => {
  const { counting, calls } = counted(t, many(2))
  const view = createDetailView(counting, fixtures, { maxBytes: 0 })
  view.body('d1', 'W0')
  view.body('d1', 'W0')
  t.equal(calls.reads, 2)
  t.equal(await view.warm(), 0)
})
