import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { PROJECT_ROOT } from '../../src/paths.js'
import { TOOL_ENV } from '../support/npm.js'

// The dashboard driven in a real browser, against the built emulator as users start it.
const CHROMIUM = '/usr/bin/chromium'
const ENTRY = join(PROJECT_ROOT, 'dist', 'coc-emulator.mjs')
const TOKEN = { 'x-auth-token': 'dev-token' }
// Set to a folder (docs) to save the README's screenshots on the way.
const SHOTS = process.env.UI_SCREENSHOTS
const skip = !existsSync(CHROMIUM) ? `no ${CHROMIUM} (apt-get install chromium; .ci/run does)` : !existsSync(ENTRY) ? 'run `npm run build` first (npm test does)' : false

t.setTimeout(180_000)

async function startEmulator (): Promise<{ child: ChildProcess, url: string }> {
  // tap's coverage off: the bundle is not what coverage counts.
  const child = spawn(process.execPath, [ENTRY, '--host', '127.0.0.1', '--port', '0', '--tickets', '120'], { env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s: ${output}`)), 30_000)
    child.stdout!.on('data', chunk => {
      output += String(chunk)
      const match = /listening on (http:\/\/[^:]+:\d+)/.exec(output)
      if (match) { clearTimeout(timer); resolve(match[1]!) }
    })
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`exited ${code}: ${output}`)) })
  })
  return { child, url }
}

t.test('the dashboard in headless Chromium', { skip }, async t => {
  const { child, url } = await startEmulator()
  const profile = mkdtempSync(join(tmpdir(), 'coc-ui-chromium-'))
  let context: BrowserContext | undefined
  t.teardown(async () => {
    await context?.close()
    const exit = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exit
    rmSync(profile, { recursive: true, force: true })
  })
  // A fresh profile each run (--user-data-dir, which playwright passes itself).
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    timeout: 60_000,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const errors: string[] = []
  page.on('pageerror', err => errors.push(err.message))
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return (await res.json() as { data: any }).data
  }
  const shot = async (name: string, target: Page = page) => {
    if (SHOTS !== undefined) await target.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: name !== 'tickets' })
  }
  await admin('POST', '/__admin/tickets', {
    tickets: [
      { incident_num: 'IM-UI-E2E-1', incident_title: 'ui-e2e: printer queue stuck', incident_level: 'level_20', is_service_interrupt: true, incident_type: 'inc_type_p_function_issues', incident_source: 'incident_source_manual', creator: '9605B67C741D4553887A3462771107D3', incident_assignee: ['25819b46251b46218bf6ad238ddd860c'], incident_description: 'Jobs wait in the queue since the last change.' },
      { incident_title: 'ui-e2e: printer out of toner', incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_source: 'incident_source_alarm', creator: 'u1', incident_assignee: ['u2'], domain_id: 'ui-domain', status: 'INCIDENT_STATUS_ACKNOWLEDGED' },
      { incident_title: 'ui-e2e: scanner offline', incident_level: 'level_30', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_source: 'incident_source_manual', creator: 'u1', incident_assignee: ['u2'] }
    ]
  })

  await t.test('open the dashboard: / leads to the overview', async t => {
    await page.goto(`${url}/`)
    t.equal(new URL(page.url()).pathname, '/__admin/ui')
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    const health = await (await fetch(`${url}/__admin/health`)).json() as { data: { version: string, tickets: number } }
    await page.locator('.card', { hasText: 'Version' }).getByText(health.data.version).waitFor()
    await page.locator('.card', { hasText: 'Tickets' }).getByText(String(health.data.tickets), { exact: true }).waitFor()
    await shot('overview')
  })

  await t.test('filter tickets by title and status', async t => {
    await page.getByRole('link', { name: 'Tickets', exact: true }).click()
    await page.locator('table.tickets').waitFor()
    await page.getByLabel('Title contains').fill('ui-e2e: printer')
    await page.getByRole('button', { name: 'Filter', exact: true }).click()
    const expected = await admin('GET', '/__admin/ticket-search?title=ui-e2e%3A%20printer')
    await page.locator('#ticket-total', { hasText: new RegExp(`^${expected.total}$`) }).waitFor()
    t.equal(await page.locator('table.tickets tbody tr').count(), expected.total, 'both domains')
    await page.getByLabel('Status').selectOption('INCIDENT_STATUS_TRIGGERED')
    await page.locator('#ticket-total', { hasText: /^1$/ }).waitFor()
    t.match(page.url(), /status=INCIDENT_STATUS_TRIGGERED/, 'the filter is in the address, for the back button')
    t.same(await page.locator('table.tickets tbody td.mono a').allTextContents(), ['IM-UI-E2E-1'])
    if (SHOTS !== undefined) {
      await page.getByRole('button', { name: 'Clear' }).click()
      await page.locator('table.tickets tbody tr').nth(10).waitFor()
      await shot('tickets')
      await page.goBack()
      await page.locator('#ticket-total', { hasText: /^1$/ }).waitFor()
    }
  })

  await t.test('open a ticket, accept and solve it with the buttons', async t => {
    await page.getByRole('link', { name: 'IM-UI-E2E-1' }).click()
    await page.getByRole('heading', { name: /IM-UI-E2E-1/ }).waitFor()
    await page.locator('ol.timeline li[data-action=create]').waitFor()
    await page.locator('button[data-action=accepted]').click()
    await page.getByRole('button', { name: 'Run Accept' }).click()
    await page.locator('ol.timeline li[data-action=accepted]').waitFor()
    await page.locator('h1 .badge', { hasText: 'ACKNOWLEDGED' }).waitFor()

    await page.locator('button[data-action=commitSolution]').click()
    const form = page.getByRole('form', { name: 'Submit solution parameters' })
    await form.getByLabel('mtm_type').selectOption('inc_type_p_config_issues')
    await form.getByLabel('is_service_interrupt').selectOption('false')
    await form.getByLabel('cause').fill('a full spool disk')
    await form.getByLabel('solution').fill('cleared the spool')
    await form.getByRole('button', { name: 'Run Submit solution' }).click()
    await page.locator('ol.timeline li[data-action=commitSolution]').waitFor()
    await page.locator('h1 .badge', { hasText: 'RESOLVED' }).waitFor()
    t.equal(await page.locator('ol.timeline li').count(), 3, 'create, accept, solve')
    const detail = await (await fetch(`${url}/v1/external/incident/IM-UI-E2E-1`, { headers: TOKEN })).json() as { data: { status: string, handle_time: number | null } }
    t.equal(detail.data.status, 'INCIDENT_STATUS_RESOLVED', 'the COC detail route sees it')
    t.type(detail.data.handle_time, 'number')
    await page.locator('button[data-action=confirm]').click()
    await shot('ticket')
  })

  await t.test('a client\'s request appears in the journal, with a curl command', async t => {
    await page.getByRole('link', { name: 'Requests', exact: true }).click()
    await page.getByRole('heading', { name: 'Requests' }).waitFor()
    await fetch(`${url}/v1/external/incident/IM-UI-E2E-1?from=e2e`, { headers: TOKEN })
    const row = page.locator('table.requests tbody tr', { hasText: 'from=e2e' })
    await row.waitFor()
    await row.getByRole('button', { name: 'GET' }).click()
    const detail = page.getByRole('article', { name: 'Request detail' })
    await detail.locator('tr', { hasText: 'x-auth-token' }).getByText('[redacted]').waitFor()
    await detail.getByRole('button', { name: 'Copy as curl' }).click()
    await detail.getByRole('status').waitFor()
    const curl = await detail.locator('pre.curl').textContent()
    t.match(curl, /^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/v1\/external\/incident\/IM-UI-E2E-1\?from=e2e'/)
    t.notMatch(curl, /dev-token/, 'the token stays redacted')
    await row.getByRole('link', { name: 'IM-UI-E2E-1' }).waitFor()
    await shot('requests')
  })

  await t.test('arm a fault and see it fire', async t => {
    await page.getByRole('link', { name: 'Faults & clock' }).click()
    await page.getByText('No fault is armed').waitFor()
    const form = page.getByRole('form', { name: 'Add a fault' })
    await form.getByLabel('Method').selectOption('GET')
    await form.getByLabel('Path').fill('/v1/incident-tickets')
    await form.getByLabel('Status').fill('503')
    await form.getByRole('button', { name: 'Arm fault' }).click()
    const row = page.locator('table.faults tbody tr', { hasText: '/v1/incident-tickets' })
    await row.locator('td.fired', { hasText: /^0$/ }).waitFor()
    const res = await fetch(`${url}/v1/incident-tickets`, { headers: TOKEN })
    t.equal(res.status, 503)
    await row.locator('td.fired', { hasText: /^1$/ }).waitFor()
    t.pass('the fault counts its answer')
  })

  await t.test('freeze the clock', async t => {
    await page.locator('#clock-state').waitFor()
    t.equal(await page.locator('#clock-state .badge.frozen').count(), 0, 'running at first')
    await page.getByRole('button', { name: 'Freeze now' }).click()
    await page.locator('#clock-state .badge.frozen').waitFor()
    const first = await admin('GET', '/__admin/clock')
    const second = await admin('GET', '/__admin/clock')
    t.not(first.frozen_at, null)
    t.equal(second.now, first.now, 'the emulator\'s time stands still')
    await shot('faults')
  })

  if (SHOTS !== undefined) {
    const small = await context.newPage()
    await small.setViewportSize({ width: 390, height: 844 })
    await small.goto(`${url}/__admin/ui#/tickets/IM-UI-E2E-1`)
    await small.locator('ol.timeline li[data-action=commitSolution]').waitFor()
    await shot('phone', small)
    await small.close()
  }
  t.same(errors, [], 'no script error in the page')
})
