import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { cpSync, existsSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import t from 'tap'
import { DEFAULTS, type Config } from '../src/config.js'
import { DEFAULT_FIXTURES_DIR, PROJECT_ROOT } from '../src/paths.js'
import { handleSignals, logDestination, main, start, type Running } from '../src/server.js'
import { LineBatch } from '../src/log-batch.js'
import { EXAMPLE_NUM, fixtures } from './support/helper.js'

const quiet: Partial<Config> = { logLevel: 'silent', port: 0 }
const config = (over: Partial<Config> = {}): Config => ({ ...DEFAULTS, ...quiet, tickets: 20, ...over })

function collector () {
  let text = ''
  return { write (chunk: string | Uint8Array) { text += String(chunk); return true }, get text () { return text } }
}

async function rawRequest (url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url)
  return await new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let answer = ''
    socket.on('data', chunk => { answer += String(chunk) })
    socket.on('end', () => resolve(answer))
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
    socket.write(request)
  })
}

t.test('start serves over a real socket', async t => {
  const running = await start(config())
  t.teardown(() => running.close())
  t.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const res = await fetch(`${running.url}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token', 'Content-Type': 'application/json' } })
  t.equal(res.status, 200)
  t.match(res.headers.get('x-request-id'), /^[0-9a-f]{32}$/)
  t.equal((await res.json() as { data: { incident_num: string } }).data.incident_num, EXAMPLE_NUM)

  const long = await fetch(`${running.url}/v1/external/incident/${'A'.repeat(300)}`, { headers: { 'X-Auth-Token': 'dev-token' } })
  t.equal(long.status, 400, 'a 300-character parameter reaches the schema, not the router\'s 414')
  t.match(await long.json(), { error_code: 'GOM.00007256', error_msg: 'incident_num: must NOT have more than 255 characters' })

  const hugeUrl = await rawRequest(running.url, `GET /v1/external/incident/${'A'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: dev-token\r\n\r\n`)
  t.match(hugeUrl, /^HTTP\/1\.1 431 /, 'an over-long URL: 431')
  t.match(hugeUrl, /X-Request-Id: [0-9a-f]{32}/)
  t.match(hugeUrl, /"error_code":"GOM\.00004310"/)

  const hugeHeader = await rawRequest(running.url, `GET /__admin/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`)
  t.match(hugeHeader, /^HTTP\/1\.1 431 /, 'oversized headers: 431')
  t.match(hugeHeader, /"provider_code":"049"/)

  const garbage = await rawRequest(running.url, 'NOT HTTP AT ALL\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400 /, 'garbage on the socket: 400')
  t.match(garbage, /"error_code":"GOM\.00007256","error_msg":"HTTP request: malformed/)

  const after = await fetch(`${running.url}/__admin/health`)
  t.equal(after.status, 200, 'still serving after the bad requests')
})

t.test('an IPv6 host is written in brackets', async t => {
  const running = await start(config({ host: '::1' }))
  t.teardown(() => running.close())
  t.match(running.url, /^http:\/\/\[::1\]:\d+$/)
  t.equal((await fetch(`${running.url}/__admin/health`)).status, 200)
})

t.test('two starts with the same seed serve the same bytes', async t => {
  const bodies: string[] = []
  for (const _ of [1, 2]) {
    const running = await start(config({ seed: 99, tickets: 30 }))
    const num = running.store.get('coc-dev-domain', EXAMPLE_NUM) === undefined ? '' : EXAMPLE_NUM
    t.equal(num, EXAMPLE_NUM)
    const { createGenerator } = await import('../src/seeds/generate.js')
    const generated = createGenerator(99, fixtures, 'coc-dev-domain')(17).incident_num
    const res = await fetch(`${running.url}/v1/external/incident/${generated}`, { headers: { 'X-Auth-Token': 'dev-token' } })
    t.equal(res.status, 200)
    bodies.push(await res.text())
    await running.close()
  }
  t.equal(bodies[0], bodies[1])
})

t.test('--db keeps tickets across a restart and does not re-seed', async t => {
  const db = join(t.testdir({}), 'coc.db')
  const first = await start(config({ db, tickets: 40, seed: 4 }))
  const count = first.store.count()
  t.equal(count, 40 + fixtures.tickets.length)
  await first.close()
  t.ok(existsSync(db))
  const lines = collector()
  const second = await start(config({ db, tickets: 5, seed: 5, logLevel: 'info' }), { logStream: new Writable({ write (c, _e, done) { lines.write(c); done() } }) })
  t.teardown(() => second.close())
  t.equal(second.store.count(), count, 'same tickets, no second seeding')
  t.match(lines.text, /tickets kept in .*coc\.db/)
  const res = await fetch(`${second.url}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token' } })
  t.equal(res.status, 200)
})

t.test('the start-up line names the URL, the ticket count and the development token', async t => {
  const lines = collector()
  const running = await start(config({ logLevel: 'info', tickets: 7 }), { logStream: new Writable({ write (c, _e, done) { lines.write(c); done() } }) })
  await running.close()
  t.match(lines.text, /listening on http:\/\/127\.0\.0\.1:\d+: 9 tickets seeded \(seed 1\)/)
  t.match(lines.text, /X-Auth-Token: dev-token/)
  t.match(lines.text, /sign with AK DEVAKCOCEMULATOR0001 \(its SK is in [^)]*fixtures\/credentials\.json\)/, 'where the SK is: a file the image ships')
  t.notMatch(lines.text, /devskcocemulator/, 'no secret key in the log')
  const noKeys = t.testdir({})
  cpSync(DEFAULT_FIXTURES_DIR, noKeys, { recursive: true })
  writeFileSync(join(noKeys, 'credentials.json'), '[]')
  const tokensOnly = collector()
  const plain = await start(config({ logLevel: 'info', fixtures: noKeys }), { logStream: new Writable({ write (c, _e, done) { tokensOnly.write(c); done() } }) })
  await plain.close()
  const messages = tokensOnly.text.trim().split('\n').map(line => (JSON.parse(line) as { msg: string }).msg)
  t.ok(messages.includes('development credentials: send "X-Auth-Token: dev-token"'), 'without credentials the token alone is named')
  const off = collector()
  const quietRun = await start(config({ logLevel: 'info', auth: 'off' }), { logStream: new Writable({ write (c, _e, done) { off.write(c); done() } }) })
  await quietRun.close()
  t.notMatch(off.text, /dev-token/, 'with auth off there is no token to mention')
})

t.test('start fails cleanly and releases the store', async t => {
  const busy = await start(config())
  t.teardown(() => busy.close())
  const port = Number(new URL(busy.url).port)
  await t.rejects(start(config({ port })), /EADDRINUSE/)
})

t.test('main: help, version, bad flags and start failures', async t => {
  const out = collector()
  const err = collector()
  t.equal(await main(['--help'], {}, { stdout: out, stderr: err }), 0)
  t.match(out.text, /^Usage: coc-emulator \[options\]/)
  t.equal(await main(['--version'], {}, { stdout: out, stderr: err }), 0)
  t.match(out.text, /\n\d+\.\d+\.\d+\n$/)
  t.equal(await main(['--port', 'abc'], {}, { stdout: out, stderr: err }), 2)
  t.equal(err.text, 'coc-emulator: --port: must be an integer from 0 to 65535, got "abc" (see --help)\n')

  const broken = t.testdir({ 'users.json': '[', 'applications.json': '[]', 'tokens.json': '[]', 'tickets.json': '[]' })
  const err2 = collector()
  t.equal(await main(['--fixtures', broken, '--port', '0'], {}, { stdout: out, stderr: err2 }), 1)
  t.match(err2.text, /^coc-emulator: cannot start: fixtures: .*users\.json/)
  const err3 = collector()
  t.equal(await main(['--db', '/nonexistent/dir/x.db', '--port', '0'], {}, { stdout: out, stderr: err3 }), 1)
  t.match(err3.text, /^coc-emulator: cannot start: .*directory does not exist/)
})

class FakeProcess extends EventEmitter {
  exitCode: number | string | null | undefined = undefined
}

const settled = async (proc: FakeProcess): Promise<void> => {
  for (let i = 0; i < 200 && proc.exitCode === undefined; i++) await new Promise(resolve => setTimeout(resolve, 5))
}

t.test('main runs until a signal, then closes and sets exit code 0', async t => {
  const proc = new FakeProcess()
  const out = collector()
  t.equal(await main(['--port', '0', '--log-level', 'silent', '--tickets', '3'], {}, { stdout: out, stderr: out }, proc), undefined, 'still running')
  t.match(out.text, /^http:\/\/127\.0\.0\.1:\d+\n$/, 'the URL, alone on the first line')
  t.equal((await fetch(`${out.text.trim()}/__admin/health`)).status, 200, 'and it answers there')
  t.equal(proc.listenerCount('SIGTERM'), 1)
  t.equal(proc.listenerCount('SIGINT'), 1)
  proc.emit('SIGTERM', 'SIGTERM')
  await settled(proc)
  t.equal(proc.exitCode, 0)
})

t.test('a failed shutdown says why and sets exit code 1', async t => {
  const proc = new FakeProcess()
  const err = collector()
  const running = await start(config())
  t.teardown(() => running.close())
  const failing: Running = { ...running, close: async () => { throw new Error('store is stuck') } }
  handleSignals(failing, { stdout: err, stderr: err }, proc)
  proc.emit('SIGINT', 'SIGINT')
  await settled(proc)
  t.equal(proc.exitCode, 1)
  t.equal(err.text, 'coc-emulator: error while shutting down: store is stuck\n')
})

t.test('past the grace period, connections still open are closed', async t => {
  const proc = new FakeProcess()
  const out = collector()
  let closedAll = 0
  let finish: () => void = () => {}
  const stuck = {
    app: { log: { info () {} }, server: { closeAllConnections () { closedAll++; finish() } } },
    store: null,
    url: '',
    close: async () => { await new Promise<void>(resolve => { finish = resolve }) }
  } as unknown as Running
  handleSignals(stuck, { stdout: out, stderr: out }, proc)
  proc.emit('SIGTERM', 'SIGTERM')
  await new Promise(resolve => setTimeout(resolve, 50))
  t.equal(closedAll, 0, 'not at once')
  t.equal(proc.exitCode, undefined, 'still waiting for the request in flight')
  for (let i = 0; i < 100 && closedAll === 0; i++) await new Promise(resolve => setTimeout(resolve, 20))
  t.equal(closedAll, 1, 'after the grace period')
  await settled(proc)
  t.equal(proc.exitCode, 0)
})

t.test('log lines: JSON by default, readable on a terminal or when asked', async t => {
  const pretty = async (format: 'auto' | 'pretty', terminal: boolean): Promise<string> => {
    const out = new PassThrough()
    let text = ''
    out.on('data', chunk => { text += String(chunk) })
    const sink = await logDestination(format, terminal, out)
    sink.write(JSON.stringify({ level: 30, time: 0, pid: 1, hostname: 'h', method: 'GET', path: '/x', status: 200, msg: 'request' }) + '\n')
    await new Promise(resolve => setImmediate(resolve))
    return text
  }
  t.match(await pretty('pretty', false), /INFO.*request/)
  t.notMatch(await pretty('pretty', false), /^\{/)
  t.match(await pretty('auto', true), /INFO/, 'auto: readable on a terminal')
  t.match(await pretty('pretty', false), /path: "\/x"/, 'fields shown one per line')
  const json = await logDestination('auto', false)
  t.ok(json instanceof LineBatch, 'auto: JSON lines, batched for pino\'s asynchronous destination, otherwise')
  const forced = await logDestination('json', true)
  t.ok(forced instanceof LineBatch, 'json even on a terminal')
  for (const batch of [json, forced]) (batch as LineBatch).close()
  const toStdout = await logDestination('pretty', false)
  t.equal(typeof toStdout.write, 'function', 'pretty lines go to stdout by default')
})

const ENTRY = join(PROJECT_ROOT, 'dist', 'coc-emulator.mjs')

t.test('the built command starts, serves and exits 0 on SIGTERM', { skip: existsSync(ENTRY) ? false : 'run `npm run build` first (npm test does)' }, async t => {
  const child = spawn(process.execPath, [ENTRY, '--port', '0', '--tickets', '10'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', chunk => {
      output += String(chunk)
      const match = /listening on (http:\/\/[^:]+:\d+)/.exec(output)
      if (match) resolve(match[1]!)
    })
    child.on('exit', code => reject(new Error(`exited ${code}: ${output}`)))
  })
  const res = await fetch(`${url}/__admin/health`)
  t.equal(res.status, 200)
  const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  child.kill('SIGTERM')
  t.equal(await exit, 0, 'exit code 0')
  const [first, ...rest] = output.trim().split('\n')
  t.equal(first, url, 'the first line on stdout is the URL alone')
  for (const line of rest) t.doesNotThrow(() => JSON.parse(line), 'log lines are JSON')
  t.notMatch(output, /Server listening at/, 'fastify\'s own listening line is not written')
  t.match(output, /shutting down/)
})

t.test('the built command refuses a bad flag with exit code 2', { skip: existsSync(ENTRY) ? false : 'not built' }, async t => {
  const child = spawn(process.execPath, [ENTRY, '--auth', 'maybe'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => { stderr += String(chunk) })
  const code = await new Promise<number | null>(resolve => child.on('exit', c => resolve(c)))
  t.equal(code, 2)
  t.equal(stderr, 'coc-emulator: --auth: must be one of strict, permissive, off, got "maybe" (see --help)\n')
})
