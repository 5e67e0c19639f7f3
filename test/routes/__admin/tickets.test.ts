import t from 'tap'
import { chinaTimestamp } from '../../../src/incident/numbers.js'
import { build, json, TOKEN } from '../../support/helper.js'

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0, 0)
const BASE = {
  incident_level: 'level_20',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_config_issues',
  incident_title: 'inserted',
  incident_source: 'incident_source_manual',
  creator: 'u-creator'
}

t.test('tickets go in with any status and given numbers, and read back through the COC API', async t => {
  const { app } = await build(t, { tickets: 0, now: () => NOW })
  const res = await app.inject(json('POST', '/__admin/tickets', {
    tickets: [
      { ...BASE, incident_num: 'IM-GIVEN-1', status: 'INCIDENT_STATUS_RESOLVED', handle_time: NOW - 1000, incident_assignee: ['u-a'], create_time: NOW - 60_000 },
      { ...BASE, incident_title: 'numbered for me' },
      { ...BASE, incident_num: 'IM-OTHER-DOMAIN', domain_id: 'coc-other-domain' }
    ]
  }))
  t.equal(res.statusCode, 200)
  const { tickets, total } = res.json().data
  t.equal(total, 3)
  t.match(tickets[0], { incident_num: 'IM-GIVEN-1', status: 'INCIDENT_STATUS_RESOLVED', handle_time: NOW - 1000, create_time: NOW - 60_000, domain_id: 'coc-dev-domain', region: [], warroom_id: '' })
  t.match(tickets[1], { status: 'INCIDENT_STATUS_TRIGGERED', create_time: NOW, handle_time: null })
  t.match(tickets[1].incident_num, new RegExp(`^IM${chinaTimestamp(NOW)}\\d{10}$`), 'a number as a created ticket gets')
  t.ok(Array.isArray(tickets[1].enum_data_list) && tickets[1].enum_data_list.length > 0, 'the enum list as the detail route sends it')

  const detail = await app.inject({ url: '/v1/external/incident/IM-GIVEN-1', headers: TOKEN })
  t.same(detail.json().data, (({ domain_id: _d, ...rest }) => rest)(tickets[0]), 'the detail route shows what the insert returned')
  t.equal((await app.inject({ url: '/v1/external/incident/IM-OTHER-DOMAIN', headers: TOKEN })).json().error_code, 'COC.00067003', 'another domain stays hidden')
  t.equal((await app.inject({ url: '/v1/external/incident/IM-OTHER-DOMAIN', headers: { 'x-auth-token': 'dev-token-other' } })).statusCode, 200)
  const tasks = await app.inject({ url: '/v2/incidents/IM-GIVEN-1/tasks', headers: TOKEN })
  t.same(tasks.json().data[0].operations.map((o: { key: string }) => o.key), ['addRemark', 'confirm'], 'the workflow goes on from the given status')
  const derived = await app.inject(json('POST', '/v2/incidents/IM-GIVEN-1/histories', {}, TOKEN))
  t.same(derived.json().data.info.map((h: { action: string }) => h.action), ['create', 'accepted', 'commitSolution'], 'no history given: derived from the status')
})

t.test('a given history is the ticket\'s history', async t => {
  const { app } = await build(t, { tickets: 0, now: () => NOW })
  const res = await app.inject(json('POST', '/__admin/tickets', {
    tickets: [{
      ...BASE,
      incident_num: 'IM-HISTORY',
      status: 'INCIDENT_STATUS_ACKNOWLEDGED',
      create_time: 1000,
      history: [
        { step: 'create', time: 1000, status: 'INCIDENT_STATUS_TRIGGERED' },
        { step: 'accept', operator: 'u-handler', comment: 'mine', time: 2000 },
        { step: 'addRemark', time: 3000 }
      ]
    }]
  }))
  t.equal(res.statusCode, 200)
  const history = await app.inject(json('POST', '/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', operator: '=', values: ['IM-HISTORY'] }] }, TOKEN))
  const items = history.json().data.info.map((h: { action: string, action_id: string, operator: string, comment: string, status: string, start_time: number }) => [h.action_id, h.action, h.operator, h.comment, h.status, h.start_time])
  t.same(items, [
    ['create', 'create', 'u-creator', '', 'INCIDENT_STATUS_TRIGGERED', 1000],
    ['accept', 'accepted', 'u-handler', 'mine', 'INCIDENT_STATUS_ACKNOWLEDGED', 2000],
    ['addRemark', 'addRemark', 'u-creator', '', 'INCIDENT_STATUS_ACKNOWLEDGED', 3000]
  ])
  const handled = await app.inject(json('POST', '/v1/external/incident/handle', { incident_num: 'IM-HISTORY', operator: 'u-handler', operate_key: 'commitSolution1', parameter: { mtm_type: 'inc_type_p_config_issues', is_service_interrupt: false, cause: 'c', solution: 'fixed' } }, TOKEN))
  t.equal(handled.statusCode, 200, handled.body)
  const after = await app.inject(json('POST', '/v1/incident/list-histories', { string_filters: [{ field: 'ticket_id', operator: '=', values: ['IM-HISTORY'] }] }, TOKEN))
  t.equal(after.json().data.info.length, 4, 'a handle adds to the given history')
  await app.inject(json('POST', '/__admin/tickets', { tickets: [{ ...BASE, incident_num: 'IM-PLAIN-HISTORY', create_time: 7, history: [{ step: 'create' }] }] }))
  const plain = await app.inject(json('POST', '/v2/incidents/IM-PLAIN-HISTORY/histories', {}, TOKEN))
  t.match(plain.json().data.info, [{ action: 'create', operator: 'u-creator', start_time: '7', stop_time: '7' }], 'defaults: the creator, at create_time')
})

t.test('an insert is all or nothing; numbers must be new', async t => {
  const { app, store } = await build(t, { tickets: 0 })
  const before = store.count()
  const exists = await app.inject(json('POST', '/__admin/tickets', { tickets: [{ ...BASE, incident_num: 'IM-NEW' }, { ...BASE, incident_num: 'IM202403181322030178042608' }] }))
  t.equal(exists.statusCode, 409)
  t.same(exists.json(), { provider_code: '049', error_code: 'GOM.00004090', error_msg: 'tickets[1].incident_num: a ticket [IM202403181322030178042608] exists already', data: null })
  const twice = await app.inject(json('POST', '/__admin/tickets', { tickets: [{ ...BASE, incident_num: 'IM-X' }, { ...BASE, incident_num: 'IM-X' }] }))
  t.equal(twice.statusCode, 409)
  t.equal(store.count(), before, 'nothing went in')
})

t.test('inserted tickets are checked by the detail route\'s schema', async t => {
  const { app } = await build(t, { tickets: 0 })
  const cases: Array<[unknown, RegExp]> = [
    [{}, /^tickets: is required$/],
    [{ tickets: [] }, /^tickets: must NOT have fewer than 1 items$/],
    [{ tickets: [{ ...BASE, incident_title: 'x'.repeat(201) }] }, /^tickets\[0\]\.incident_title: must NOT have more than 200 characters$/],
    [{ tickets: [{ ...BASE, creator: undefined }] }, /^tickets\[0\]\.creator: is required$/],
    [{ tickets: [{ ...BASE, status: 'OPEN' }] }, /^tickets\[0\]\.status: must be one of incident_draft, INCIDENT_STATUS_TRIGGERED/],
    [{ tickets: [{ ...BASE, region: ['a', 'b'] }] }, /^tickets\[0\]\.region: must NOT have more than 1 items$/],
    [{ tickets: [{ ...BASE, history: [{ step: 'fly' }] }] }, /^tickets\[0\]\.history\[0\]\.step: must be one of create, accept/],
    [{ tickets: [{ ...BASE, incident_num: 'IM\u0001' }] }, /^tickets\[0\]\.incident_num: must not contain control characters$/],
    [{ tickets: [{ ...BASE, titel: 'typo' }] }, /^tickets\[0\]\.titel: unknown field; allowed: /],
    [{ tickets: [{ ...BASE, history: [{ step: 'create', when: 1 }] }] }, /^tickets\[0\]\.history\[0\]\.when: unknown field/]
  ]
  for (const [body, message] of cases) {
    const res = await app.inject(json('POST', '/__admin/tickets', body))
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.match(res.json(), { error_code: 'GOM.00007256', error_msg: message }, JSON.stringify(body))
  }
})

t.test('GET pages every domain\'s tickets, newest first; DELETE removes one', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/tickets', {
    tickets: [
      { ...BASE, incident_num: 'IM-OLD', create_time: 1 },
      { ...BASE, incident_num: 'IM-NEWEST', create_time: 9_999_999_999_999, domain_id: 'coc-other-domain' }
    ]
  }))
  const all = (await app.inject({ url: '/__admin/tickets?limit=2' })).json().data
  t.equal(all.tickets[0].incident_num, 'IM-NEWEST')
  t.equal(all.tickets[0].domain_id, 'coc-other-domain')
  t.equal(all.tickets.length, 2)
  const total = all.total as number
  const last = (await app.inject({ url: `/__admin/tickets?limit=1&page=${total}` })).json().data
  t.equal(last.tickets[0].incident_num, 'IM-OLD', 'the oldest on the last page')
  const other = (await app.inject({ url: '/__admin/tickets?domain_id=coc-other-domain' })).json().data
  t.same(other.tickets.map((x: { incident_num: string }) => x.incident_num), ['IM-NEWEST'])
  t.equal(other.total, 1)
  t.equal((await app.inject({ url: '/__admin/tickets?limit=1001' })).json().error_msg, 'limit: must be <= 1000')

  const deleted = await app.inject({ method: 'DELETE', url: '/__admin/tickets/IM-OLD' })
  t.same(deleted.json().data, { incident_num: 'IM-OLD' })
  t.equal((await app.inject({ url: '/v1/external/incident/IM-OLD', headers: TOKEN })).json().error_code, 'COC.00067003')
  const again = await app.inject({ method: 'DELETE', url: '/__admin/tickets/IM-OLD' })
  t.equal(again.statusCode, 404)
  t.match(again.json(), { error_code: 'GOM.00004040', error_msg: 'incident_num: no ticket [IM-OLD] in any domain' })
})

t.test('thousands of tickets in one insert: the route takes bodies over the API\'s 1 MiB', async t => {
  const { app, store } = await build(t, { tickets: 0 })
  const before = store.count()
  const many = Array.from({ length: 5000 }, (_, i) => ({ ...BASE, incident_num: `IM-BULK-${i}`, incident_description: 'd'.repeat(200) }))
  const payload = JSON.stringify({ tickets: many })
  t.ok(payload.length > 1024 * 1024)
  const res = await app.inject({ method: 'POST', url: '/__admin/tickets', headers: { 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 200)
  t.equal(res.json().data.total, 5000)
  t.equal(store.count(), before + 5000)
  const tooBig = await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: { ...TOKEN, 'content-type': 'application/json' }, payload })
  t.equal(tooBig.statusCode, 413)
  t.equal(tooBig.json().error_msg, 'request body: larger than this route\'s limit of 1 MiB')
})
