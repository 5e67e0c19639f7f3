import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { isBatchingDestination, LineBatch, type BatchingDestination } from '../src/log-batch.js'

/** A destination that records each write it is handed and each synchronous flush. */
function recording (): BatchingDestination & { writes: string[], flushes: number } {
  const out = {
    writes: [] as string[],
    flushes: 0,
    minLength: 8192,
    write (chunk: string) { out.writes.push(chunk); return true },
    flushSync () { out.flushes++ }
  }
  return out
}

t.test('lines reach the destination in order, in chunks of at least the batch size', async t => {
  const out = recording()
  const batch = new LineBatch(out, 100, 60_000)
  t.teardown(() => batch.close())
  const lines = Array.from({ length: 25 }, (_, i) => `{"n":${i},"msg":"line ${i}"}\n`)
  for (const line of lines) batch.write(line)
  t.ok(out.writes.length >= 1 && out.writes.length < lines.length, `${out.writes.length} writes for ${lines.length} lines`)
  for (const chunk of out.writes) t.ok(chunk.length >= 100, 'a chunk waits for the batch size')
  batch.flush()
  t.equal(out.writes.join(''), lines.join(''), 'every line, in order, nothing twice')
  batch.flush()
  t.equal(out.writes.join(''), lines.join(''), 'an empty batch writes nothing')
})

t.test('what waits is written after the interval, and by a synchronous flush', async t => {
  const out = recording()
  const batch = new LineBatch(out, 1 << 20, 5)
  batch.write('a\n')
  t.same(out.writes, [])
  for (let i = 0; i < 100 && out.writes.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.same(out.writes, ['a\n'], 'the interval wrote it')
  batch.write('b\n')
  batch.flushSync()
  t.same(out.writes, ['a\n', 'b\n'])
  t.equal(out.flushes, 1, 'and the destination flushed its own')
  batch.close()
  t.equal(out.flushes, 2, 'closing flushes too')
})

t.test('an exiting process writes what waited, once the batch is registered for it', async t => {
  const out = recording()
  const before = process.listenerCount('exit')
  const batch = new LineBatch(out, 1 << 20, 60_000)
  t.equal(process.listenerCount('exit'), before + 1)
  batch.write('last words\n')
  process.listeners('exit').at(-1)!.call(process, 0 as never)
  t.same(out.writes, ['last words\n'])
  batch.close()
  t.equal(process.listenerCount('exit'), before, 'closing unregisters it')
})

t.test('a destination that fails to flush does not break closing; after closing, lines go straight through', async t => {
  const out = { ...recording(), flushSync () { throw new Error('SonicBoom destroyed') } }
  const batch = new LineBatch(out, 10, 60_000)
  batch.write('x\n')
  t.doesNotThrow(() => batch.close())
  t.same(out.writes, ['x\n'])
  t.equal(batch.write('late\n'), true)
  t.same(out.writes, ['x\n', 'late\n'], 'written at once, not left to a timer')
  const ended = { ...recording(), write (): boolean { throw new Error('SonicBoom destroyed') } }
  const failing = new LineBatch(ended, 1 << 20, 60_000)
  failing.write('lost\n')
  t.doesNotThrow(() => failing.close(), 'a destination that refuses the write does not break closing either')
})

t.test('pino\'s asynchronous destination is batched; other sinks are written as they are', async t => {
  const dir = t.testdir({})
  const file = join(dir, 'log')
  const destination = pino.destination({ dest: file, sync: true, minLength: 4096 })
  if (!isBatchingDestination(destination)) throw new Error('pino.destination with a minLength batches')
  t.notOk(isBatchingDestination(pino.destination({ dest: join(dir, 'other'), sync: true })), 'no minLength: it writes each line itself')
  t.notOk(isBatchingDestination(new Writable({ write (_c, _e, done) { done() } })))
  const batch = new LineBatch(destination, 64, 60_000)
  for (let i = 0; i < 10; i++) batch.write(`{"i":${i}}\n`)
  batch.close()
  t.equal(readFileSync(file, 'utf8'), Array.from({ length: 10 }, (_, i) => `{"i":${i}}\n`).join(''), 'the file holds every line once, in order')
})
