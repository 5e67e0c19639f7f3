import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UI_DIR } from '../../../src/paths.js'
import { build, TOKEN } from '../../support/helper.js'

// Assets of our own, so the test does not depend on a build having run.
const dir = mkdtempSync(join(tmpdir(), 'coc-ui-'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title><script type="module" src="/__admin/ui/app.js"></script>')
writeFileSync(join(dir, 'app.js'), 'console.log("dashboard")')
writeFileSync(join(dir, 'app.css'), 'body{margin:0}')
writeFileSync(join(dir, 'notes.txt'), 'not served')

t.test('the dashboard page and its files, plain or gzipped', async t => {
  const { app } = await build(t, { tickets: 0, ui: { dir } })
  const page = await app.inject({ url: '/__admin/ui' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.equal(page.headers['cache-control'], 'no-cache')
  t.match(page.body, /dashboard/)
  const script = await app.inject({ url: '/__admin/ui/app.js', headers: { 'accept-encoding': 'gzip, deflate' } })
  t.equal(script.headers['content-encoding'], 'gzip')
  t.match(script.headers['content-type'], /^text\/javascript/)
  t.equal(gunzipSync(script.rawPayload).toString(), 'console.log("dashboard")')
  t.match((await app.inject({ url: '/__admin/ui/app.css' })).headers['content-type'], /^text\/css/)
  for (const name of ['notes.txt', 'nothing.js']) {
    const missing = await app.inject({ url: `/__admin/ui/${name}` })
    t.equal(missing.statusCode, 404, name)
    t.match(missing.json(), { error_code: 'GOM.00004040', error_msg: new RegExp(`ui/${name.replace('.', '\\.')}: no such file`) })
  }
})

t.test('GET / sends a browser to the dashboard and is no COC request', async t => {
  const { app } = await build(t, { tickets: 0, ui: { dir } })
  await app.inject(`/__admin/faults`)
  await app.inject({ method: 'POST', url: '/__admin/faults', payload: { method: '*', path: '/*', status: 503 } })
  for (const url of ['/', '/?from=bookmark']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 302, `${url} is not faulted`)
    t.equal(res.headers.location, '/__admin/ui')
  }
  t.equal((await app.inject({ url: '/v1/incident-tickets', headers: TOKEN })).statusCode, 503, 'the fault is armed')
  const journal = (await app.inject({ url: '/__admin/requests' })).json().data
  t.same(journal.requests.map((r: { path: string }) => r.path), ['/v1/incident-tickets'], 'only the COC call is journaled')
  t.equal((await app.inject({ url: '/__admin/requests?status=503' })).json().data.total, 1)
  t.equal((await app.inject({ url: '/__admin/requests?status=200' })).json().data.total, 0)
})

t.test('the dashboard is under the control plane\'s access rule', async t => {
  const { app } = await build(t, { tickets: 0, ui: { dir } })
  const remote = await app.inject({ url: '/__admin/ui', remoteAddress: '10.1.2.3' })
  t.equal(remote.statusCode, 403)
  t.equal(remote.json().error_code, 'GOM.00004030')
})

t.test('unbuilt assets: a message saying how to build them', async t => {
  const { app } = await build(t, { tickets: 0, ui: { dir: join(dir, 'missing') } })
  const res = await app.inject({ url: '/__admin/ui' })
  t.equal(res.statusCode, 500)
  t.match(res.json().error_msg, /npm run build/)
})

t.test('by default the assets npm run build wrote to dist/ui', { skip: existsSync(join(UI_DIR, 'index.html')) ? false : 'run `npm run build` first (npm test does)' }, async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ url: '/__admin/ui' })
  t.equal(res.statusCode, 200)
  t.equal(res.body, readFileSync(join(UI_DIR, 'index.html'), 'utf8'))
})
