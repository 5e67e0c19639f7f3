import { execFile } from 'node:child_process'
import { networkInterfaces } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { parse } from 'yaml'
import { DEFAULTS } from '../../src/config.js'
import { PROJECT_ROOT } from '../../src/paths.js'
import { start } from '../../src/server.js'
import { healthCommand } from '../support/dockerfile.js'

const run = promisify(execFile)
const read = (file: string) => parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'))

interface Service {
  build?: string
  image?: string
  ports?: string[]
  environment?: Record<string, string>
  env?: Record<string, string>
  volumes?: string[]
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
  command?: string[]
  options?: string
}

const compose = read('docker-compose.yml') as { services: Record<string, Service>, volumes: Record<string, unknown> }
const emulator = compose.services['coc-emulator']!
const client = compose.services.client!

t.test('docker-compose.yml: the emulator built here, on a volume, and a client that waits for its health', async t => {
  t.equal(emulator.build, '.')
  t.same(emulator.ports, ['8080:8080'])
  t.match(emulator.environment!.COC_DB, /^\/data\//, 'the database on the /data volume')
  t.ok(emulator.volumes!.some(volume => volume.endsWith(':/data')))
  t.ok('coc-data' in compose.volumes)
  t.same(emulator.healthcheck!.test, ['CMD', ...healthCommand()], 'the image\'s own health check')
  t.same(client.depends_on, { 'coc-emulator': { condition: 'service_healthy' } })
  t.equal(emulator.environment!.COC_ADMIN_ACCESS, 'open', 'the emulator opts in to /__admin from other containers and the host')
  t.equal(client.environment!.COC_ENDPOINT, 'http://coc-emulator:8080')
  t.equal(client.image, 'node:24-bookworm-slim')
})

t.test('the compose client\'s script works against a running emulator', async t => {
  // Listening on every address and reached through a non-loopback one, as another container is.
  const remote = Object.values(networkInterfaces()).flat().find(address => address?.family === 'IPv4' && !address.internal)
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent', host: '0.0.0.0', adminAccess: emulator.environment!.COC_ADMIN_ACCESS as 'open' })
  t.teardown(() => running.close())
  const [node, ...rest] = client.command!
  t.equal(node, 'node')
  const endpoint = `http://${remote?.address ?? '127.0.0.1'}:${new URL(running.url).port}`
  const { stdout } = await run(process.execPath, rest, { env: { ...process.env, COC_ENDPOINT: endpoint } })
  t.match(stdout, /^200 .+\nrequests journaled: 1\n$/)
})

interface Step { uses?: string, with?: Record<string, unknown>, run?: string, if?: string }
const workflow = read('examples/github-actions.yml') as { jobs: Record<string, { env: Record<string, string>, services?: unknown, steps: Step[] }> }
const job = workflow.jobs['contract-tests']!

t.test('the GitHub Actions example builds the image in the job and waits for its own health check', async t => {
  t.equal(job.services, undefined, 'no service container pulled from a placeholder registry')
  t.ok(job.steps.some(step => step.uses === 'actions/checkout@v6'))
  t.ok(job.steps.some(step => step.uses === 'actions/setup-node@v6' && step.with?.['node-version'] === 24))
  t.ok(job.steps.some(step => step.run === 'docker build -t coc-emulator .'))
  const started = job.steps.find(step => step.run?.includes('docker run') === true)!.run!
  t.match(started, /-p 8080:8080/)
  t.match(started, /-e COC_ADMIN_ACCESS=open/, 'the host reaches /__admin')
  t.match(started, /docker inspect --format '\{\{\.State\.Health\.Status\}\}' coc-emulator/, 'the image\'s own health check decides')
  t.match(started, /for i in \$\(seq 1 60\)/, 'a bounded wait')
  t.equal(job.env.COC_ENDPOINT, 'http://127.0.0.1:8080')
})

t.test('its curl steps work against a running emulator', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  t.teardown(() => running.close())
  const steps = job.steps.filter(step => step.run?.startsWith('curl') === true)
  t.equal(steps.length, 3)
  for (const step of steps) {
    const command = step.run!.split('\n').filter(line => line.startsWith('curl')).join('\n')
    const { stdout } = await run('sh', ['-c', command], { env: { ...process.env, COC_ENDPOINT: running.url } })
    t.match(stdout, /"provider_code":"049"/, command)
  }
})
