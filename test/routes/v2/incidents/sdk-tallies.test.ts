import { createRequire } from 'node:module'
import t from 'tap'
import { DEFAULTS } from '../../../../src/config.js'
import { start } from '../../../../src/server.js'
import { EXAMPLE_NUM } from '../../../support/helper.js'

// The official Node SDK core signs these requests; it writes ~/.huaweicloud unless HOME moves.
process.env.HOME = t.testdir({})
const require = createRequire(import.meta.url)
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js')
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js')

interface SdkClient { sendRequest (options: object): Promise<{ httpStatusCode: number, data: any }> }
const request = (url: string, data: object, pathParams: object = {}) => ({
  method: 'POST', url, contentType: 'application/json;charset=UTF-8', pathParams, queryParams: {}, headers: {}, data
})

t.test('ListIncidents and ListIncidentsHistories through the SDK: counts and groups beside what it reads', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 50, logLevel: 'silent' })
  t.teardown(() => running.close())
  const sdk: SdkClient = new ClientBuilder((c: SdkClient) => c, 'GlobalCredentials')
    .withCredential(new GlobalCredentials().withAk('DEVAKCOCEMULATOR0001').withSk('devskcocemulator000000000000000000000001').withDomainId('coc-dev-domain'))
    .withEndpoint(running.url).build()

  // The SDK's ListTicketParamsWithPageV2: group_by_filter is one ObjectFilterV2.
  const everything = await sdk.sendRequest(request('/v2/incidents/list', { page: 1, per_page: 200, contain_total: true }))
  const listed = await sdk.sendRequest(request('/v2/incidents/list', {
    page: 1,
    per_page: 5,
    contain_total: true,
    count_filters: [{ name: 'level_10', filters: [{ field: 'level_id', operator: '=', values: ['level_10'] }] }],
    group_by_filter: { field: 'work_flow_status', operator: 'in', values: [] }
  }))
  t.equal(listed.httpStatusCode, 200)
  t.equal(listed.data.tickets.length, 5, 'the page the SDK reads is there')
  t.equal(listed.data.total, everything.data.total)
  const tickets = everything.data.tickets as Array<{ level_id: string, work_flow_status: string }>
  t.ok(tickets.length > 5 && tickets.length === everything.data.total, 'one page holds the whole domain here')
  t.same(listed.data.count_result, [{ name: 'level_10', count: tickets.filter(ticket => ticket.level_id === 'level_10').length }])
  const statuses = new Set(tickets.map(ticket => ticket.work_flow_status))
  t.equal(listed.data.group_by_result.length, statuses.size, 'one group per status')
  for (const group of listed.data.group_by_result as Array<{ value: string, count: number }>) {
    t.equal(group.count, tickets.filter(ticket => ticket.work_flow_status === group.value).length, group.value)
  }

  // ListIncidentsHistories: the SDK's ListTicketParamsV2 with an int filter.
  const all = await sdk.sendRequest(request('/v2/incidents/{incident_id}/histories', {}, { incident_id: EXAMPLE_NUM }))
  const first = all.data.info[0].start_time as string
  const later = await sdk.sendRequest(request('/v2/incidents/{incident_id}/histories', {
    int_filters: [{ field: 'start_time', operator: '>', values: [first] }],
    group_by_filter: { field: 'action', operator: 'in', values: [] }
  }, { incident_id: EXAMPLE_NUM }))
  t.same(later.data.info, all.data.info.slice(1), 'the records after the first')
  t.equal(later.data.total, all.data.total - 1)
  t.same(later.data.group_by_result.map((group: { value: string }) => group.value).sort(), [...new Set(all.data.info.slice(1).map((item: { action: string }) => item.action))].sort())
})
