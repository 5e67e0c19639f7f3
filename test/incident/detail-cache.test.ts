import t from 'tap'
import { createDetailView } from '../../src/incident/detail-cache.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { fixtures, makeRecord } from '../support/helper.js'

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
