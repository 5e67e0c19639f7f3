import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { batchedDestination, LineBatch, type ByteDestination } from '../src/log-batch.js'
import { until } from './support/helper.js'
import { recording } from './support/log-destination.js'

t.test('lines reach the destination in order, in chunks of at least the batch size', async t => {
  const out = recording()
  const batch = new LineBatch(out, 100, 60_000)
  t.teardown(() => batch.close())
  const lines = Array.from({ length: 25 }, (_, i) => `{"n":${i},"msg":"line ${i}"}\n`)
  for (const line of lines) batch.write(line)
  t.ok(out.writes.length >= 1 && out.writes.length < lines.length, `${out.writes.length} writes for ${lines.length} lines`)
  for (const chunk of out.writes) {
    t.ok(chunk.length >= 100 && chunk.length < 200, 'a chunk waits for the batch size, and takes the line that reaches it')
    t.equal(chunk.at(-1), 0x0a, 'whole lines')
  }
  batch.flush()
  t.equal(out.text(), lines.join(''), 'every line, in order, nothing twice')
  const writes = out.writes.length
  batch.flush()
  t.equal(out.writes.length, writes, 'an empty batch writes nothing')
})

t.test('a line is written as its UTF-8, whatever its characters', async t => {
  const out = recording()
  const batch = new LineBatch(out, 64, 60_000)
  t.teardown(() => batch.close())
  // Three bytes a unit (CJK), four for a pair (an emoji), and a lone surrogate, which UTF-8
  // writes as U+FFFD: each is the most its kind of character may take.
  const lines = ['{"msg":"事件工单"}\n', '{"msg":"🚨🚨🚨"}\n', '{"msg":"\ud800"}\n', '事'.repeat(21) + '\n', 'plain\n']
  for (const line of lines) batch.write(line)
  batch.flush()
  t.same(Buffer.concat(out.writes), Buffer.from(lines.join('')), 'the same bytes as one encoding of the whole text')
  for (const chunk of out.writes) t.ok(chunk.length <= 128, 'no chunk outgrows the slab')
})

t.test('a line larger than the slab goes on its own, after what waited', async t => {
  const out = recording()
  const batch = new LineBatch(out, 64, 60_000)
  t.teardown(() => batch.close())
  const long = `{"msg":"${'x'.repeat(200)}"}\n`
  batch.write('first\n')
  batch.write(long)
  batch.write('last\n')
  batch.flush()
  t.same(out.writes.map(chunk => chunk.toString()), ['first\n', long, 'last\n'])
})

t.test('a chunk handed over stays as it was while the batch goes on', async t => {
  // The destination keeps a chunk until it is written, after the batch has taken more lines.
  const out = recording()
  const batch = new LineBatch(out, 1 << 20, 60_000)
  t.teardown(() => batch.close())
  batch.write('one\n')
  batch.flush()
  batch.write('two\n')
  batch.flush()
  t.same(out.writes.map(chunk => chunk.toString()), ['one\n', 'two\n'])
})

t.test('what waits is written after the interval, and by a synchronous flush', async t => {
  const out = recording()
  const batch = new LineBatch(out, 1 << 20, 5)
  batch.write('a\n')
  t.same(out.writes, [])
  await until(() => out.writes.length > 0, { everyMs: 10 })
  t.equal(out.text(), 'a\n', 'the interval handed it over')
  t.equal(out.started, 1, 'and had the destination write it, below its minLength')
  batch.write('b\n')
  batch.flushSync()
  t.equal(out.text(), 'a\nb\n')
  t.ok(out.flushes > 0, 'and the destination flushed its own')
  const flushes = out.flushes
  await batch.close()
  t.ok(out.flushes > flushes, 'closing flushes too')
})

t.test('an exiting process writes what waited, once the batch is registered for it', async t => {
  const out = recording()
  const before = process.listenerCount('exit')
  const batch = new LineBatch(out, 1 << 20, 60_000)
  t.equal(process.listenerCount('exit'), before + 1)
  batch.write('last words\n')
  process.listeners('exit').at(-1)!.call(process, 0 as never)
  t.equal(out.text(), 'last words\n')
  await batch.close()
  t.equal(process.listenerCount('exit'), before, 'closing unregisters it')
})

t.test('a destination that fails to flush does not break closing; after closing, lines go straight through', async t => {
  const out = { ...recording(), flushSync () { throw new Error('SonicBoom destroyed') } }
  const batch = new LineBatch(out, 10, 60_000)
  batch.write('x\n')
  await t.resolves(batch.close())
  t.equal(out.text(), 'x\n')
  t.equal(batch.write('late\n'), true)
  t.equal(out.text(), 'x\nlate\n', 'written at once, not left to a timer')
  const ended = { ...recording(), write (): boolean { throw new Error('SonicBoom destroyed') } }
  const failing = new LineBatch(ended, 1 << 20, 60_000)
  failing.write('lost\n')
  t.doesNotThrow(() => failing.flushSync(), 'nor a synchronous flush, as at exit')
  failing.write('lost too\n')
  await t.resolves(failing.close(), 'a destination that refuses the write does not break closing either')
})

t.test('pino\'s destination in buffer mode writes every line once, in order', async t => {
  const dir = t.testdir({})
  const file = join(dir, 'log')
  const fd = openSync(file, 'w')
  t.teardown(() => closeSync(fd))
  const batch = batchedDestination(fd, 64, 60_000)
  const lines = Array.from({ length: 40 }, (_, i) => `{"i":${i},"msg":"${i % 3 === 0 ? 'é' : 'e'}"}\n`)
  for (const line of lines) batch.write(line)
  // The first chunks went to asynchronous writes: closing waits for them, then writes the rest.
  await batch.close()
  t.equal(readFileSync(file, 'utf8'), lines.join(''), 'the file holds every line once, in order')
})

/**
 * sonic-boom's contract as the batch relies on it: a chunk waits in the queue until the queue
 * reaches minLength, then goes to an asynchronous write; flushSync writes the queue, not a write
 * under way. Here a write under way never finishes, as at exit.
 */
function queueing (minLength: number): ByteDestination & { queued: Buffer[], underWay: Buffer[], written: Buffer[] } {
  const size = (chunks: Buffer[]): number => chunks.reduce((n, chunk) => n + chunk.length, 0)
  const out = {
    queued: [] as Buffer[],
    underWay: [] as Buffer[],
    written: [] as Buffer[],
    write (chunk: Buffer) {
      out.queued.push(chunk)
      if (out.underWay.length === 0 && size(out.queued) >= minLength) out.flush()
      return true
    },
    // The callback never comes: the write under way never ends.
    flush (_done?: () => void) {
      if (out.underWay.length > 0) return
      out.underWay = out.queued
      out.queued = []
    },
    flushSync () {
      out.written.push(...out.queued)
      out.queued = []
    }
  }
  return out
}

t.test('at exit, what the destination queued and what waits here are written before the process goes', async t => {
  const out = queueing(64)
  const batch = new LineBatch(out, 64, 60_000, 20)
  t.teardown(() => batch.close())
  const line = (i: number): string => `{"i":${i},"msg":"${'x'.repeat(24)}"}\n`
  // 40 bytes: handed over alone, below the minLength of 64, it waits in the destination's queue.
  batch.write(line(1))
  batch.flush()
  batch.write(line(2))
  // Together they reach the minLength: handed over as one, they would go to an asynchronous
  // write that a process exiting now does not live to finish.
  process.listeners('exit').at(-1)!.call(process, 0 as never)
  t.same(out.underWay, [], 'nothing left to a write under way')
  t.equal(Buffer.concat(out.written).toString(), line(1) + line(2), 'both lines, in order')
})

t.test('closing waits a bounded time for a write under way that never ends', async t => {
  const out = queueing(8)
  const batch = new LineBatch(out, 8, 60_000, 20)
  batch.write('{"i":1}\n')
  batch.write('{"i":2}\n')
  t.equal(out.underWay.length, 1, 'the first line went to a write that never ends')
  await batch.close()
  t.equal(Buffer.concat(out.written).toString(), '{"i":2}\n', 'the rest was written after the wait')
})

t.test('the destination of batchedDestination keeps a chunk below the batch size in its queue', async t => {
  const dir = t.testdir({})
  const file = join(dir, 'log')
  const fd = openSync(file, 'w')
  const batch = batchedDestination(fd, 64, 60_000)
  t.teardown(() => closeSync(fd))
  batch.write('{"msg":"short"}\n')
  batch.flush()
  await new Promise(resolve => setTimeout(resolve, 50))
  t.equal(readFileSync(file, 'utf8'), '', 'not written while it is below the minLength')
  await batch.close()
  t.equal(readFileSync(file, 'utf8'), '{"msg":"short"}\n', 'written by the synchronous flush')
})

t.test('owed lines are settled before any later line, and within the interval', async t => {
  const out = recording()
  const batch = new LineBatch(out, 1 << 20, 5)
  t.teardown(() => batch.close())
  const owed: string[] = []
  let settles = 0
  batch.owedBy(() => {
    settles++
    for (const line of owed.splice(0)) batch.append(line)
  })
  batch.write('first\n')
  t.equal(settles, 0, 'nothing owed, nothing settled')
  owed.push('owed 1\n', 'owed 2\n')
  batch.due()
  batch.write('after\n')
  t.equal(settles, 1)
  batch.flush()
  t.equal(out.text(), 'first\nowed 1\nowed 2\nafter\n', 'the owed lines went before the line written after them')
  owed.push('owed 3\n')
  batch.due()
  await until(() => out.text().endsWith('owed 3\n'), { everyMs: 10 })
  t.equal(out.text(), 'first\nowed 1\nowed 2\nafter\nowed 3\n', 'the interval settled what was owed')
  t.equal(out.started, 1, 'and had the destination write it')
})

t.test('a line written in place: room hands over what waited when it must, commit keeps the batch size', async t => {
  const out = recording()
  const batch = new LineBatch(out, 16, 60_000)
  t.teardown(() => batch.close())
  const put = (text: string): void => {
    const at = batch.room(text.length)
    t.not(at, -1)
    batch.buffer.set(Buffer.from(text), at)
    batch.commit(at + text.length)
  }
  put('abcdefgh\n')
  t.equal(out.writes.length, 0, 'below the batch size, it waits')
  put('ijklmnop\n')
  t.same(out.writes.map(String), ['abcdefgh\nijklmnop\n'], 'reaching it, both go')
  batch.append('01234\n')
  t.equal(out.writes.length, 1)
  t.equal(batch.room(30), 0, 'no room for 30 bytes beside 6: what waited is handed over first')
  t.same(out.writes.map(String), ['abcdefgh\nijklmnop\n', '01234\n'])
  t.equal(batch.room(33), -1, 'a line larger than the slab is not written in place')
  await batch.close()
  t.equal(batch.room(1), -1, 'nor once closed')
  let settled = 0
  batch.owedBy(() => { settled++ })
  batch.due()
  t.equal(settled, 1, 'once closed, what is owed is settled at once')
})
