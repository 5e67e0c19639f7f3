import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'
import { EXAMPLE_NUM } from '../support/helper.js'
import { copyNativeModule, npm, outsideCheckout, run, TOOL_ENV } from '../support/npm.js'

// The package as a user gets it: packed, installed from the tarball into an empty project, then
// run with npx and imported from an ES module and from CommonJS. The install prefers npm's cache
// (it holds the dependencies after `npm ci`) and skips install scripts: better-sqlite3's
// native module is the one this checkout compiled, instead of 45 s of compiling.
// Packing, installing and type-checking take longer than tap's default 30 s on a busy machine.
t.setTimeout(180_000)
const BUILT = ['coc-emulator.mjs', 'index.mjs', 'index.cjs'].every(file => existsSync(join(PROJECT_ROOT, 'dist', file)))


const CONSUMER_TEST = (load: string) => `${load}
test('the emulator from code', async () => {
  // On a database file, in the project (removed with it): its checkpointing thread loads the driver too.
  const emu = await startEmulator({ tickets: 3, db: 'consumer-' + process.pid + '-' + Math.random().toString(36).slice(2) + '.db' })
  try {
    const res = await fetch(emu.url + '/v1/external/incident/${EXAMPLE_NUM}', { headers: { 'X-Auth-Token': 'dev-token' } })
    assert.equal(res.status, 200)
    const created = await fetch(emu.url + '/v1/external/incident/create', {
      method: 'POST',
      headers: { 'X-Auth-Token': 'dev-token', 'content-type': 'application/json' },
      body: JSON.stringify({ incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_title: 'from a consumer', incident_source: 'incident_source_manual', creator: '9605B67C741D4553887A3462771107D3', incident_assignee: ['25819b46251b46218bf6ad238ddd860c'] })
    })
    assert.equal(created.status, 200)
    await emu.admin.requests.expect({ method: 'POST', path: '/v1/external/incident/create' }, 1)
    assert.equal((await emu.admin.health()).tickets, 3 + 2 + 1)
  } finally {
    await emu.close()
  }
})
`

// vitest and jest run from this repository's node_modules with the consumer project as their
// working directory, so the project installs nothing more than the tarball. Each report is read
// from its JSON file; their caches stay inside the project, which the test removes.
const RUNNER_TIMEOUT = 60_000

/** A package's command, run as `node <its bin JS>`. */
function binOf (pkg: string): string {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { bin: string | Record<string, string> }
  return join(PROJECT_ROOT, 'node_modules', pkg, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[pkg]!)
}

interface RunnerReport { testResults: Array<{ name: string, status: string, assertionResults: Array<{ status: string }> }> }

/**
 * Runs a test runner in `cwd` in its own process group, killed whole after RUNNER_TIMEOUT or when
 * the test ends first (vitest's workers are processes of their own), and answers its exit code and
 * its JSON report.
 */
async function runRunner (t: Test, cwd: string, args: string[], reportFile: string): Promise<{ code: number | null, output: string, report: RunnerReport | undefined }> {
  const child = spawn(process.execPath, args, { cwd, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const kill = () => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone already */ } }
  t.teardown(kill)
  let output = ''
  child.stdout.on('data', chunk => { output += String(chunk) })
  child.stderr.on('data', chunk => { output += String(chunk) })
  const timer = setTimeout(kill, RUNNER_TIMEOUT)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  const path = join(cwd, reportFile)
  const report = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as RunnerReport : undefined
  return { code, output, report }
}

t.test('npm pack, install the tarball into an empty project, run it', { skip: BUILT ? false : 'run `npm run build` first (npm test does)' }, async t => {
  // better-sqlite3 pinned to this checkout's version, whose native module is copied in below.
  const sqlite = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version
  const consumer = { name: 'consumer', version: '1.0.0', private: true, overrides: { 'better-sqlite3': sqlite } }
  const dir = outsideCheckout(t, { 'project/package.json': JSON.stringify(consumer) })
  mkdirSync(join(dir, 'pack'))
  const packed = JSON.parse(await npm(PROJECT_ROOT, 'pack', '--ignore-scripts', '--json', '--pack-destination', join(dir, 'pack'))) as Array<{ filename: string, files: Array<{ path: string }> }>
  const files = packed[0]!.files.map(file => file.path)
  t.ok(files.includes('dist/coc-emulator.mjs') && files.includes('dist/index.cjs') && files.includes('dist/src/index.d.ts'), 'the bundles and the types')
  t.notOk(files.some(file => /^(src|test|bench)\/|\.ts$/.test(file) && !file.endsWith('.d.ts')), 'no sources or tests')
  t.ok(files.includes('fixtures/credentials.json'), 'the fixtures the code reads')

  const project = join(dir, 'project')
  await npm(project, 'install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, 'pack', packed[0]!.filename))
  copyNativeModule(project)
  const installed = readdirSync(join(project, 'node_modules'))
  for (const bundled of ['fastify', 'tap', 'typescript', '@faker-js']) t.notOk(installed.includes(bundled), `${bundled} is bundled or for development: not installed`)

  t.test('npx coc-emulator --port 0: the URL first on stdout, then serving', async t => {
    // Its own process group: npx does not pass signals on, so SIGTERM goes to the whole group.
    const child = spawn('npx', ['--offline', 'coc-emulator', '--port', '0', '--tickets', '3'], { cwd: project, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const group = -child.pid!
    t.teardown(() => { try { process.kill(group, 'SIGKILL') } catch { /* gone already */ } })
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', chunk => {
        output += String(chunk)
        if (output.includes('\n')) resolve(output.split('\n')[0]!)
      })
      child.stderr.on('data', chunk => { output += String(chunk) })
      child.on('exit', code => reject(new Error(`exited ${code}: ${output}`)))
    })
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    t.equal((await fetch(`${url}/__admin/health`)).status, 200)
    const detail = await fetch(`${url}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token' } })
    t.equal(detail.status, 200)
    const closed = new Promise(resolve => child.stdout.on('close', resolve))
    process.kill(group, 'SIGTERM')
    await closed
    t.match(output, /shutting down/, 'the emulator itself got SIGTERM and closed')
  })

  t.test('the programmatic API from an ES module and from CommonJS (node:test)', async t => {
    writeFileSync(join(project, 'esm.test.mjs'), CONSUMER_TEST(
      "import { startEmulator } from 'coc-emulator'\nimport { test } from 'node:test'\nimport assert from 'node:assert/strict'"))
    writeFileSync(join(project, 'cjs.test.cjs'), CONSUMER_TEST(
      "const { startEmulator } = require('coc-emulator')\nconst { test } = require('node:test')\nconst assert = require('node:assert/strict')"))
    for (const file of ['esm.test.mjs', 'cjs.test.cjs']) {
      const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: project, env: TOOL_ENV })
      t.match(stdout, /# pass 1\n# fail 0/, `${file}: its test passes`)
    }
  })

  // The same consumer test under vitest and jest, an ES module and a CommonJS file in one run of
  // each (a runner's start-up is most of its time). Neither runner is installed in the project:
  // vitest answers `import 'vitest'` itself, and a CommonJS file cannot require vitest, so that one
  // uses its globals, as jest's files do. jest runs ES modules only with Node's
  // --experimental-vm-modules, under which its CommonJS files run as ever.
  const ESM = "import { startEmulator } from 'coc-emulator'\nimport assert from 'node:assert/strict'"
  const CJS = "const { startEmulator } = require('coc-emulator')\nconst assert = require('node:assert/strict')"
  const runners = [
    {
      name: 'vitest',
      files: { 'vitest-esm.test.mjs': `${ESM}\nimport { test } from 'vitest'`, 'vitest-cjs.test.cjs': CJS },
      args: (files: string[], report: string) => [binOf('vitest'), 'run', '--globals', '--reporter=json', `--outputFile=${report}`, '--testTimeout=30000', ...files]
    },
    {
      name: 'jest',
      files: { 'jest-esm.test.mjs': ESM, 'jest-cjs.test.cjs': CJS },
      args: (files: string[], report: string) => ['--experimental-vm-modules', binOf('jest'), '--ci', '--no-watchman', '--runInBand',
        `--cacheDirectory=${join(project, '.jest-cache')}`, '--json', `--outputFile=${report}`, '--testTimeout=30000', '--runTestsByPath', ...files]
    }
  ]
  for (const runner of runners) {
    t.test(`the programmatic API under ${runner.name}, from an ES module and from CommonJS`, async t => {
      for (const [file, load] of Object.entries(runner.files)) writeFileSync(join(project, file), CONSUMER_TEST(load))
      const reportFile = `${runner.name}.json`
      const { code, output, report } = await runRunner(t, project, runner.args(Object.keys(runner.files), reportFile), reportFile)
      t.equal(code, 0, `${runner.name}: the runner exits 0`, { output })
      for (const file of Object.keys(runner.files)) {
        const result = report?.testResults.find(entry => entry.name.endsWith(`/${file}`))
        t.match(result, { status: 'passed', assertionResults: [{ status: 'passed' }] }, `${file}: its one test passes`)
        t.equal(result?.assertionResults.length, 1, `${file}: one test ran`)
      }
    })
  }

  t.test('the shipped types check a TypeScript consumer without skipLibCheck', async t => {
    writeFileSync(join(project, 'consumer.mts'), [
      "import { startEmulator, type Emulator, type FaultView } from 'coc-emulator'",
      'const emu: Emulator = await startEmulator({ tickets: 0, scenario: { clock: { frozen_at: 0 } } })',
      "const fault: FaultView = await emu.admin.faults.add({ method: 'GET', path: '/v1/*', status: 503 })",
      "const n: number = await emu.admin.requests.count({ method: 'GET' })",
      'console.log(fault.id, n)',
      '// @ts-expect-error: status is a number',
      "await emu.admin.faults.add({ method: 'GET', path: '/v1/*', status: '503' })",
      'await emu.close()',
      ''
    ].join('\n'))
    // Every declaration file is checked except TypeScript's own lib files (--skipDefaultLibCheck):
    // those are not the package's, and checking them was a fifth of the run.
    const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = await run(process.execPath, [tsc, '--ignoreConfig', '--noEmit', '--strict', '--target', 'ES2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--skipLibCheck', 'false', '--skipDefaultLibCheck', '--typeRoots', join(PROJECT_ROOT, 'node_modules', '@types'), '--types', 'node', 'consumer.mts'], { cwd: project, env: TOOL_ENV }).then(() => '', (err: { stdout: string }) => err.stdout)
    t.equal(result, '', 'no type errors')
  })
})
