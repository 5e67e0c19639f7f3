import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { keptTick } from '../src/keep-tick.js'
import { PROJECT_ROOT } from '../src/paths.js'
import { EXAMPLE_NUM } from './support/helper.js'

const ENTRY = join(PROJECT_ROOT, 'dist', 'coc-emulator.mjs')
const MAJOR = Number(process.versions.node.split('.')[0])

t.test('the object held is one of Node\'s own ticks', async t => {
  await new Promise(resolve => setImmediate(resolve))
  const tick = keptTick()
  if (tick === undefined) throw new Error('no tick held once the tick queue has run')
  const symbols = Object.getOwnPropertySymbols(tick).map(symbol => symbol.description)
  t.ok(symbols.includes('async_id_symbol') && symbols.includes('trigger_async_id_symbol'), `its symbols: ${symbols.join(', ')}`)
  t.same(Object.keys(tick), ['callback', 'args'])
})

// What keep-tick.ts is for, observed where it matters: V8's record of the hidden classes that
// process.nextTick's object literal adds its properties to, in the built command, after load and
// forced full garbage collections. Without the held tick it turns megamorphic for good (the
// runtime then adds every tick's properties); with it, each site keeps its one class. The record
// is read with V8's own %DebugPrint, in a child process given --allow-natives-syntax.
t.test('the built command keeps nextTick\'s property sites monomorphic through load and full collections', {
  skip: !existsSync(ENTRY) ? 'run `npm run build` first (npm test does)' : MAJOR >= 24 ? 'Node 24 builds its ticks differently and is not affected' : false
}, async t => {
  const dir = t.testdir({})
  const preload = join(dir, 'inspect.mjs')
  writeFileSync(preload, [
    "process.on('SIGUSR1', () => { for (let i = 0; i < 2; i++) globalThis.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }); process.stderr.write('collected\\n') })",
    "process.on('SIGUSR2', () => { %DebugPrint(process.nextTick); process.stderr.write('printed\\n') })"
  ].join('\n'))
  // stdout to a file: V8 prints through C's buffered stdout, which a file gets whole at exit.
  const out = join(dir, 'stdout')
  const fd = openSync(out, 'w')
  const child = spawn(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--import', preload, ENTRY, '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', fd, 'pipe'] })
  closeSync(fd)
  t.teardown(() => { child.kill('SIGKILL') })
  let stderr = ''
  child.stderr!.on('data', chunk => { stderr += String(chunk) })
  const exited = new Promise(resolve => child.on('exit', resolve))
  /** Polls until `check` holds: a bounded loop, never a fixed wait. */
  const until = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise(resolve => setTimeout(resolve, 25))
    if (!check()) throw new Error(`timed out; stderr: ${stderr}`)
  }
  // The command's first line on stdout is its URL.
  await until(() => readFileSync(out, 'utf8').includes('\n'))
  const url = `${readFileSync(out, 'utf8').split('\n')[0]!}/v1/external/incident/${EXAMPLE_NUM}`
  const load = async (requests: number): Promise<void> => {
    await Promise.all(Array.from({ length: 10 }, async () => {
      for (let i = 0; i < requests / 10; i++) {
        const res = await fetch(url, { headers: { 'X-Auth-Token': 'dev-token' } })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`status ${res.status}`)
      }
    }))
  }
  await load(1000)
  child.kill('SIGUSR1')
  await until(() => stderr.includes('collected'))
  await load(1000)
  child.kill('SIGUSR2')
  await until(() => stderr.includes('printed'))
  child.kill('SIGTERM')
  await exited
  const sites = readFileSync(out, 'utf8').split('\n').filter(line => / DefineKeyedOwnPropertyInLiteral /.test(line))
  t.ok(sites.length >= 2, `nextTick's literal sites found: ${sites.length}`)
  t.same(sites.filter(line => !line.includes('MONOMORPHIC')), [], 'each still records one hidden class')
})
