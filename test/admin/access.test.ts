import t from 'tap'
import { isLoopback } from '../../src/admin/access.js'
import { build, json } from '../support/helper.js'

t.test('loopback addresses', async t => {
  for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) t.equal(isLoopback(address), true, address)
  for (const address of ['10.0.0.5', '172.17.0.1', '::ffff:10.0.0.5', '0.0.0.0', '::', undefined]) t.equal(isLoopback(address), false, String(address))
})

const REMOTE = '172.17.0.1'

t.test('from loopback the control plane needs no token', async t => {
  const { app } = await build(t, { tickets: 0, adminToken: 'admin-secret' })
  t.equal((await app.inject({ url: '/__admin/faults', remoteAddress: '127.0.0.1' })).statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/faults', remoteAddress: '::1' })).statusCode, 200)
})

t.test('from elsewhere without an admin token configured: refused, saying how to allow it', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ method: 'POST', url: '/__admin/reset', remoteAddress: REMOTE, headers: { authorization: 'Bearer anything' } })
  t.equal(res.statusCode, 403)
  t.same(res.json(), {
    provider_code: '049',
    error_code: 'GOM.00004030',
    error_msg: `/__admin: only from loopback, and this request came from ${REMOTE}; start the emulator with --admin-token (COC_ADMIN_TOKEN) to allow remote callers with that token, or --admin-access open (COC_ADMIN_ACCESS=open) to allow every caller`,
    data: null
  })
  t.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/)
  t.equal((await app.inject({ url: '/__admin/health', remoteAddress: REMOTE })).statusCode, 200, 'health is open to probes from anywhere')
  t.equal((await app.inject({ url: '/openapi.json', remoteAddress: REMOTE })).statusCode, 200, 'so is the API document')
})

t.test('from elsewhere with an admin token: only the right bearer token passes', async t => {
  const { app, logs } = await build(t, { tickets: 0, adminToken: 'admin-secret' })
  const call = (authorization?: string) => app.inject({
    ...json('POST', '/__admin/clock', { offset_ms: 1 }, authorization === undefined ? {} : { authorization }),
    remoteAddress: REMOTE
  })
  const missing = await call()
  t.equal(missing.statusCode, 401)
  t.match(missing.json(), { error_code: 'GOM.00004011', error_msg: 'Authorization: /__admin from another machine needs "Authorization: Bearer <admin token>"' })
  const wrong = await call('Bearer admin-secreT')
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.json().error_msg, 'Authorization: the bearer token is not the admin token')
  t.equal((await call('Basic admin-secret')).statusCode, 401, 'only a bearer token')
  const right = await call('Bearer admin-secret')
  t.equal(right.statusCode, 200)
  t.equal(right.json().data.offset_ms, 1)
  t.equal((await call('bearer admin-secret')).statusCode, 200, 'the scheme in any case')
  t.notMatch(logs.join(''), /admin-secret/, 'the token is never logged')
  t.equal((await app.inject({ url: '/__admin/requests' })).json().data.total, 0, 'admin calls are not journaled, refused or not')
})

t.test('--admin-access open: every caller reaches /__admin without a token', async t => {
  const { app } = await build(t, { tickets: 0, adminAccess: 'open' })
  const res = await app.inject({ method: 'POST', url: '/__admin/reset?empty=true', remoteAddress: REMOTE })
  t.equal(res.statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/faults', remoteAddress: REMOTE, headers: { authorization: 'Bearer wrong' } })).statusCode, 200, 'a token sent is not looked at')
  const closed = await build(t, { tickets: 0, adminAccess: 'loopback' })
  t.equal((await closed.app.inject({ url: '/__admin/faults', remoteAddress: REMOTE })).statusCode, 403, 'loopback: the default rule')
})
