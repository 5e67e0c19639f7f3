import t from 'tap'
import { build, CREATE_BODY, EXAMPLE_NUM, fixtures, json, TOKEN } from '../../support/helper.js'

t.test('reset brings back the seeded tickets and forgets what was created and changed', async t => {
  // A still clock: the number's time part would change if the test crossed a second.
  const at = Date.now()
  const { app } = await build(t, { tickets: 30, now: () => at })
  const seeded = (await app.inject({ url: '/__admin/health' })).json().data.tickets
  t.equal(seeded, 30 + fixtures.tickets.length)
  const before = (await app.inject({ url: '/v1/incident-tickets?limit=100', headers: TOKEN })).json()
  const created = (await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))).json().data.incident_num
  const triggered = before.data.IncidentSimpleTicketInfos.find((ticket: { status: string }) => ticket.status === 'INCIDENT_STATUS_TRIGGERED').ticket_id as string
  await app.inject(json('POST', '/v1/external/incident/handle', { incident_num: triggered, operator: 'x', operate_key: 'acceptedIncident1' }, TOKEN))
  const accepted = await app.inject({ url: `/v1/external/incident/${triggered}`, headers: TOKEN })
  t.equal(accepted.json().data.status, 'INCIDENT_STATUS_ACKNOWLEDGED')

  const reset = await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(reset.statusCode, 200)
  t.match(reset.json().data, { tickets: seeded, seeded: true })
  t.equal((await app.inject({ url: `/v1/external/incident/${created}`, headers: TOKEN })).json().error_code, 'COC.00067003')
  const again1 = await app.inject({ url: `/v1/external/incident/${triggered}`, headers: TOKEN })
  t.equal(again1.json().data.status, 'INCIDENT_STATUS_TRIGGERED', 'the accepted ticket is as seeded again, its cached detail dropped')
  t.same((await app.inject({ url: '/v1/incident-tickets?limit=100', headers: TOKEN })).json(), before, 'the same seeded tickets, in the same order')
  const again = (await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))).json().data.incident_num
  t.equal(again, created, 'the number counter starts over too')
})

t.test('reset with empty=true leaves no tickets; the store works on', async t => {
  const { app } = await build(t, { tickets: 10 })
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  const reset = await app.inject({ method: 'POST', url: '/__admin/reset?empty=true' })
  t.match(reset.json().data, { tickets: 0, seeded: false })
  t.equal((await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })).json().error_code, 'COC.00067003', 'no stale cached detail')
  const list = await app.inject(json('POST', '/v2/incidents/list', { string_filters: [{ field: 'work_flow_status', operator: '!=', values: ['none'] }], contain_total: true }, TOKEN))
  t.equal(list.json().data.total, 0)
  const created = await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))
  t.equal(created.statusCode, 200)
  t.equal((await app.inject({ url: '/__admin/health' })).json().data.tickets, 1)
  const refused = await app.inject({ method: 'POST', url: '/__admin/reset?empty=maybe' })
  t.equal(refused.statusCode, 400)
  t.equal(refused.json().error_msg, 'empty: must be boolean')
})

t.test('reset also removes faults, empties the journal and returns to real time', async t => {
  const { app } = await build(t, { tickets: 0, now: () => 5_000 })
  await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/v1/*', status: 503 }))
  await app.inject(json('POST', '/__admin/clock', { frozen_at: 1 }))
  await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  t.equal((await app.inject({ url: '/__admin/requests' })).json().data.total, 1)
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.same((await app.inject({ url: '/__admin/faults' })).json().data, [])
  t.equal((await app.inject({ url: '/__admin/requests' })).json().data.total, 0)
  t.same((await app.inject({ url: '/__admin/clock' })).json().data, { now: 5_000, frozen_at: null, offset_ms: 0 })
  t.equal((await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })).statusCode, 200)
})
