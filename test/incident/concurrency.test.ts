import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'
import { CREATE_BODY, setup, TOKEN } from '../support/helper.js'
import { freePort } from '../support/net.js'

const CREATE = { ...CREATE_BODY, incident_title: 'load' }

t.test('1,000 concurrent creates yield 1,000 distinct tickets', async t => {
  // A frozen clock puts every create in the same second: only the suffix tells them apart.
  const { post, store } = await setup(t, { now: () => Date.UTC(2026, 0, 1) })
  const before = store.count()
  const results = await Promise.all(Array.from({ length: 1000 }, () => post('/v1/external/incident/create', CREATE)))
  t.ok(results.every(r => r.statusCode === 200), 'every create succeeded')
  const nums = new Set(results.map(r => r.json().data.incident_num as string))
  t.equal(nums.size, 1000, 'distinct numbers')
  t.equal(store.count() - before, 1000, 'all stored')
})

t.test('two concurrent handles from one status: exactly one applies', async t => {
  const { app, create, handle } = await setup(t)
  const num = await create(CREATE)
  const accept = (operator: string) => handle(num, 'acceptedIncident1', {}, operator)
  const results = await Promise.all([accept('u1'), accept('u2'), accept('u3')])
  t.same(results.map(r => r.statusCode).sort(), [200, 400, 400])
  t.same(results.filter(r => r.statusCode === 400).map(r => r.json().error_code), ['GOM.00007257', 'GOM.00007257'])
  const histories = await app.inject({ method: 'POST', url: '/v1/incident/list-histories', headers: TOKEN, payload: { string_filters: [{ field: 'ticket_id', values: [num] }] } })
  t.same(histories.json().data.info.map((i: { action: string }) => i.action), ['create', 'accepted'], 'one accept recorded')
})

const ENTRY = join(PROJECT_ROOT, 'dist', 'coc-emulator.mjs')

async function startServer (db: string, port: number) {
  const child = spawn(process.execPath, [ENTRY, '--db', db, '--port', String(port), '--tickets', '20', '--log-level', 'warn'], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 500; i++) {
    try {
      if ((await fetch(`${url}/__admin/health`)).status === 200) return { child, url }
    } catch { /* not yet */ }
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('the emulator did not start')
}

t.test('every acknowledged create and handle survives SIGKILL', { skip: existsSync(ENTRY) ? false : 'run `npm run build` first (npm test does)' }, async t => {
  const db = join(t.testdir({}), 'coc.db')
  const port = await freePort()
  const first = await startServer(db, port)
  const headers = { 'x-auth-token': 'dev-token', 'content-type': 'application/json' }
  const acknowledged: Array<{ num: string, accepted: boolean }> = []
  let stop = false
  const worker = async (): Promise<void> => {
    while (!stop) {
      try {
        const res = await fetch(`${first.url}/v1/external/incident/create`, { method: 'POST', headers, body: JSON.stringify(CREATE) })
        if (res.status !== 200) continue
        const entry = { num: (await res.json() as { data: { incident_num: string } }).data.incident_num, accepted: false }
        acknowledged.push(entry)
        const handled = await fetch(`${first.url}/v1/external/incident/handle`, { method: 'POST', headers, body: JSON.stringify({ incident_num: entry.num, operator: 'u', operate_key: 'acceptedIncident1', parameter: {} }) })
        if (handled.status === 200) entry.accepted = true
      } catch {
        return // the server is gone
      }
    }
  }
  const workers = Array.from({ length: 8 }, worker)
  while (acknowledged.length < 150) await new Promise(resolve => setTimeout(resolve, 5))
  const exited = new Promise(resolve => first.child.once('exit', resolve))
  first.child.kill('SIGKILL') // with requests in flight
  stop = true
  await Promise.all(workers)
  await exited

  const second = await startServer(db, port)
  t.teardown(() => { second.child.kill('SIGKILL') })
  let missing = 0
  let notAccepted = 0
  for (const { num, accepted } of acknowledged) {
    const res = await fetch(`${second.url}/v1/external/incident/${num}`, { headers })
    if (res.status !== 200) { missing++; continue }
    const status = (await res.json() as { data: { status: string } }).data.status
    if (accepted && status !== 'INCIDENT_STATUS_ACKNOWLEDGED') notAccepted++
  }
  t.ok(acknowledged.length >= 150, `${acknowledged.length} creates were acknowledged before the kill`)
  t.equal(missing, 0, 'no acknowledged create was lost')
  t.equal(notAccepted, 0, 'no acknowledged handle was lost')
})
