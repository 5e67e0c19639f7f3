import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'
import { args, find, runHealthCheck, runtimeEnv, TEXT } from '../support/dockerfile.js'
import { EXAMPLE_NUM } from '../support/helper.js'
import { copyNativeModule, npm, outsideCheckout } from '../support/npm.js'
import { freePort } from '../support/net.js'

// The image's steps without Docker: the build stage's pack and production install of the tarball
// into a temporary folder, the runtime stage's copy of it (read from the Dockerfile), the image's
// start command with its ENV, its health check, and SIGTERM. Here npm runs on this Node and the
// install skips install scripts: better-sqlite3 is pinned to this checkout's version and given
// the module it compiled, instead of 45 s of compiling.
const ENTRY = join(PROJECT_ROOT, 'dist', 'coc-emulator.mjs')
t.setTimeout(180_000)


/** Bytes under a folder, as `du` would count the files an image layer holds. */
function bytesUnder (dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? bytesUnder(path) : entry.isFile() ? statSync(path).size : 0
  }
  return total
}

/** Lays out /runtime as the build stage does, then /app as the runtime stage copies it. */
async function layOut (t: Test, root: string): Promise<string> {
  const sqlite = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version
  const packed = JSON.parse(await npm(PROJECT_ROOT, 'pack', '--ignore-scripts', '--json', '--pack-destination', root)) as Array<{ filename: string }>
  const built = join(root, 'runtime')
  mkdirSync(built)
  writeFileSync(join(built, 'package.json'), JSON.stringify({ name: 'runtime', private: true, overrides: { 'better-sqlite3': sqlite } }))
  await npm(built, 'install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', join(root, packed[0]!.filename))
  copyNativeModule(built)
  for (const drop of ['better-sqlite3/deps', 'better-sqlite3/src', 'coc-emulator/dist/index.mjs', 'coc-emulator/dist/index.cjs', 'coc-emulator/dist/src']) {
    t.ok(TEXT.includes(`node_modules/${drop}`), `the Dockerfile drops ${drop}`)
    rmSync(join(built, 'node_modules', drop), { recursive: true, force: true })
  }
  const app = join(root, 'app')
  mkdirSync(join(app, 'data'), { recursive: true })
  for (const copy of find('COPY')) {
    const [source, target] = args(copy).split(/\s+/).filter(part => !part.startsWith('--'))
    cpSync(join(root, source!.replace(/^\//, '')), join(app, target!), { recursive: true })
  }
  return app
}

interface Started { child: ChildProcess, port: number, output: () => string, exited: Promise<{ code: number | null, at: number }> }

async function startImage (t: Test, app: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort()
  const command = JSON.parse(args(find('CMD')[0]!)) as string[]
  const child = spawn(process.execPath, command.slice(1), {
    cwd: app,
    // tap's coverage off: the image runs the bundle, which coverage does not count.
    env: { PATH: process.env.PATH ?? '', ...runtimeEnv(), PORT: String(port), _TAPJS_PROCESSINFO_COVERAGE_: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout!.on('data', chunk => { output += String(chunk) })
  child.stderr!.on('data', chunk => { output += String(chunk) })
  const exited = new Promise<{ code: number | null, at: number }>(resolve => child.on('exit', code => resolve({ code, at: performance.now() })))
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  for (let i = 0; i < 100 && await runHealthCheck(port, app) !== 0; i++) {
    if (child.exitCode !== null) break
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return { child, port, output: () => output, exited }
}

t.test('the image runs from a production install', { skip: existsSync(ENTRY) ? false : 'run `npm run build` first (npm test does)' }, async t => {
  const app = await layOut(t, outsideCheckout(t))
  const installed = readdirSync(join(app, 'node_modules'))
  for (const dev of ['tap', 'typescript', 'esbuild', 'autocannon', 'fastify']) t.notOk(installed.includes(dev), `no ${dev} in the image (bundled or for development)`)
  t.comment(`the runtime stage copies ${(bytesUnder(join(app, 'node_modules')) / 1e6).toFixed(1)} MB onto the base image`)

  t.test('healthy, serving, and on SIGTERM it finishes the request in flight and exits 0 within 2 s', async t => {
    const db = join(app, 'data', 'coc.db')
    const image = await startImage(t, app, { COC_DB: db, COC_TICKETS: '100' })
    t.equal(await runHealthCheck(image.port, app), 0, 'the HEALTHCHECK command passes')
    const base = `http://127.0.0.1:${image.port}`
    const detail = await fetch(`${base}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token' } })
    t.equal(detail.status, 200)
    const fault = await fetch(`${base}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/v1/external/incident/*', delay_ms: 30_000 })
    })
    t.equal(fault.status, 200)
    const inFlight = fetch(`${base}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token' } })
    await new Promise(resolve => setTimeout(resolve, 200))
    const signalled = performance.now()
    image.child.kill('SIGTERM')
    const answered = await inFlight
    t.equal(answered.status, 200, 'the request in flight is answered')
    t.equal((await answered.json() as { data: { incident_num: string } }).data.incident_num, EXAMPLE_NUM)
    const { code, at } = await image.exited
    t.equal(code, 0, 'exit code 0')
    t.ok(at - signalled < 2000, `gone ${Math.round(at - signalled)} ms after SIGTERM (within 2 s)`)
    t.not(await runHealthCheck(image.port, app), 0, 'the health check fails once it is gone')
    t.ok(existsSync(db), 'the database is on the /data volume')
    t.match(image.output(), /"msg":"shutting down"/, 'JSON log lines when stdout is not a terminal')
  })

  t.test('a request that never completes does not hold the exit past 2 s', async t => {
    const image = await startImage(t, app, { COC_LOG_FORMAT: 'pretty' })
    const socket = connect(image.port, '127.0.0.1')
    await new Promise(resolve => socket.on('connect', resolve))
    socket.on('error', () => {})
    // Headers announce a body that never fully arrives: the request stays in flight.
    socket.write('POST /v1/external/incident/create HTTP/1.1\r\nHost: x\r\nX-Auth-Token: dev-token\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"incident')
    await new Promise(resolve => setTimeout(resolve, 200))
    const closed = new Promise(resolve => socket.on('close', resolve))
    const signalled = performance.now()
    image.child.kill('SIGTERM')
    const { code, at } = await image.exited
    await closed
    t.equal(code, 0)
    t.ok(at - signalled < 2000, `gone ${Math.round(at - signalled)} ms after SIGTERM (within 2 s)`)
    t.match(image.output(), /INFO.*shutting down/, 'pino-pretty is in the production install: readable lines when asked')
    t.notMatch(image.output(), /^\{/m)
  })
})
