import { execFile, spawn } from 'node:child_process'
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
  t.equal(client.environment!.COC_ADMIN_TOKEN, emulator.environment!.COC_ADMIN_TOKEN, 'the client has the admin token')
  t.equal(client.environment!.COC_ENDPOINT, 'http://coc-emulator:8080')
})

t.test('the compose client\'s script works against a running emulator', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  t.teardown(() => running.close())
  const [node, ...rest] = client.command!
  t.equal(node, 'node')
  const { stdout } = await run(process.execPath, rest, { env: { ...process.env, COC_ENDPOINT: running.url, COC_ADMIN_TOKEN: 'any' } })
  t.match(stdout, /^200 .+\nrequests journaled: 1\n$/)
})

const workflow = read('examples/github-actions.yml') as { jobs: Record<string, { services: Record<string, Service>, env: Record<string, string>, steps: Array<{ run?: string }> }> }
const job = workflow.jobs['contract-tests']!
const service = job.services['coc-emulator']!

/** The --health-cmd of the service's options, as the shell gives it to Docker. */
async function healthCmd (): Promise<string> {
  const { stdout } = await run('sh', ['-c', `for a in ${service.options!}; do printf '%s\\0' "$a"; done`])
  const parts = stdout.split('\0')
  return parts[parts.indexOf('--health-cmd') + 1]!
}

t.test('the GitHub Actions example: a service container with a health check and the admin token', async t => {
  t.same(service.ports, ['8080:8080'])
  t.equal(service.env!.COC_ADMIN_TOKEN, job.env.COC_ADMIN_TOKEN)
  t.equal(job.env.COC_ENDPOINT, 'http://127.0.0.1:8080')
  t.ok(job.steps.some(step => step.run === 'npm test'))
  t.ok(job.steps.some(step => step.run?.includes('/__admin/reset') === true && step.run.includes('Bearer $COC_ADMIN_TOKEN')))
  const command = await healthCmd()
  t.match(command, /^node -e "fetch\('http:\/\/127\.0\.0\.1:8080\/__admin\/health'\)/)
})

t.test('its health command passes against a running emulator and fails without one', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  const port = new URL(running.url).port
  const command = (await healthCmd()).replace(':8080/', `:${port}/`)
  const exitCode = () => new Promise<number | null>(resolve => spawn('sh', ['-c', command], { stdio: 'ignore' }).on('exit', resolve))
  t.equal(await exitCode(), 0)
  await running.close()
  t.equal(await exitCode(), 1)
})
