import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { keptTick } from '../src/keep-tick.js'

t.test('the object held is one of Node\'s own ticks', async t => {
  await new Promise(resolve => setImmediate(resolve))
  const tick = keptTick()
  if (tick === undefined) throw new Error('no tick held once the tick queue has run')
  const symbols = Object.getOwnPropertySymbols(tick).map(symbol => symbol.description)
  t.ok(symbols.includes('async_id_symbol') && symbols.includes('trigger_async_id_symbol'), `its symbols: ${symbols.join(', ')}`)
  t.same(Object.keys(tick), ['callback', 'args'])
})

// What keep-tick.ts relies on, observed with V8's own %HaveSameMap in a child process given
// --allow-natives-syntax: while the held tick lives, full collections leave its hidden class in
// place, and the ticks queued after them are built on that same class (so the record V8 keeps of
// it at nextTick's property sites stays valid).
t.test('after full collections, new ticks still have the held tick\'s hidden class', async t => {
  const dir = t.testdir({})
  const script = join(dir, 'same-map.mjs')
  writeFileSync(script, [
    "import { executionAsyncResource } from 'node:async_hooks'",
    `const { keptTick } = await import(${JSON.stringify(new URL('../src/keep-tick.js', import.meta.url).href)})`,
    'await new Promise(resolve => setImmediate(resolve))',
    'const kept = keptTick()',
    "for (let i = 0; i < 3; i++) globalThis.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })",
    'const fresh = await new Promise(resolve => process.nextTick(() => resolve(executionAsyncResource())))',
    'console.log(JSON.stringify({ kept: kept !== undefined, same: %HaveSameMap(kept, fresh) }))'
  ].join('\n'))
  // Without the test runner's hooks (NODE_OPTIONS, NODE_V8_COVERAGE): the process as a user's.
  const child = spawn(process.execPath, ['--allow-natives-syntax', '--expose-gc', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => { stdout += String(chunk) })
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  // 'close', not 'exit': the output is all read only once the child's streams have closed.
  const code = await new Promise(resolve => child.on('close', resolve))
  t.equal(code, 0, stderr)
  t.same(JSON.parse(stdout), { kept: true, same: true })
})
