import t from 'tap'
import { build, fixtures } from '../../support/helper.js'

t.test('health answers with the version, uptime and ticket count, without a token', async t => {
  const { app } = await build(t, { tickets: 12 })
  const res = await app.inject({ url: '/__admin/health' })
  t.equal(res.statusCode, 200)
  const { data } = res.json()
  t.match(data, { status: 'ok', version: /^\d+\.\d+\.\d+/, tickets: 12 + fixtures.tickets.length })
  t.type(data.uptime_ms, 'number')
})

t.test('health is not ok when the store does not answer', async t => {
  const { app } = await build(t)
  app.incidentStore.ping = () => false
  const res = await app.inject({ url: '/__admin/health' })
  t.equal(res.statusCode, 500)
  t.equal(res.json().error_code, 'GOM.00005000')
  t.match(res.json().error_msg, /store/)
})
