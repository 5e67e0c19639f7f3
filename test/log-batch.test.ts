import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { byteDestination, LineBatch, type ByteDestination } from '../src/log-batch.js'

/** A destination that records each chunk it is handed and each synchronous flush. */
function recording (): ByteDestination & { writes: Buffer[], flushes: number, text: () => string } {
  const out = {
    writes: [] as Buffer[],
    flushes: 0,
    write (chunk: Buffer) { out.writes.push(chunk); return true },
    flushSync () { out.flushes++ },
    text: () => Buffer.concat(out.writes).toString('utf8')
  }
  return out
}

t.test('lines reach the destination in order, in chunks no larger than the batch', async t => {
  const out = recording()
  const batch = new LineBatch(out, 100, 60_000)
  t.teardown(() => batch.close())
  const lines = Array.from({ length: 25 }, (_, i) => `{"n":${i},"msg":"line ${i}"}\n`)
  for (const line of lines) batch.write(line)
  t.ok(out.writes.length >= 1 && out.writes.length < lines.length, `${out.writes.length} writes for ${lines.length} lines`)
  for (const chunk of out.writes) {
    t.ok(chunk.length <= 100, 'a chunk holds at most the batch size')
    t.equal(chunk.at(-1), 0x0a, 'and whole lines')
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
  for (const chunk of out.writes) t.ok(chunk.length <= 64)
})

t.test('a line larger than a chunk goes on its own, after what waited', async t => {
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
  for (let i = 0; i < 100 && out.writes.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.equal(out.text(), 'a\n', 'the interval wrote it')
  batch.write('b\n')
  batch.flushSync()
  t.equal(out.text(), 'a\nb\n')
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
  t.equal(out.text(), 'last words\n')
  batch.close()
  t.equal(process.listenerCount('exit'), before, 'closing unregisters it')
})

t.test('a destination that fails to flush does not break closing; after closing, lines go straight through', async t => {
  const out = { ...recording(), flushSync () { throw new Error('SonicBoom destroyed') } }
  const batch = new LineBatch(out, 10, 60_000)
  batch.write('x\n')
  t.doesNotThrow(() => batch.close())
  t.equal(out.text(), 'x\n')
  t.equal(batch.write('late\n'), true)
  t.equal(out.text(), 'x\nlate\n', 'written at once, not left to a timer')
  const ended = { ...recording(), write (): boolean { throw new Error('SonicBoom destroyed') } }
  const failing = new LineBatch(ended, 1 << 20, 60_000)
  failing.write('lost\n')
  t.doesNotThrow(() => failing.close(), 'a destination that refuses the write does not break closing either')
})

t.test('pino\'s destination in buffer mode writes every line once, in order', async t => {
  const dir = t.testdir({})
  const file = join(dir, 'log')
  const batch = new LineBatch(byteDestination(file, true), 64, 60_000)
  const lines = Array.from({ length: 40 }, (_, i) => `{"i":${i},"msg":"${i % 3 === 0 ? 'é' : 'e'}"}\n`)
  for (const line of lines) batch.write(line)
  batch.close()
  t.equal(readFileSync(file, 'utf8'), lines.join(''), 'the file holds every line once, in order')
})
