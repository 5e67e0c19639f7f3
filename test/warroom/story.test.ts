import { createRequire } from 'node:module'
import t from 'tap'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { EXAMPLE_ALARM_ID } from '../../src/alarm/seed.js'

// The official Node SDK core signs these requests; it writes ~/.huaweicloud unless HOME moves.
process.env.HOME = t.testdir({})
const require = createRequire(import.meta.url)
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js')
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js')

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'

interface SdkClient { sendRequest (options: object): Promise<{ httpStatusCode: number, error_code: string, data: any, [key: string]: any }> }

const request = (method: string, url: string, extra: object = {}) => ({
  method, url, contentType: 'application/json;charset=UTF-8', pathParams: {}, queryParams: {}, headers: {}, ...extra
})

t.test('alarm → incident → war room → solved through v2 actions → war room closed, signed by the SDK core', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  t.teardown(() => running.close())
  const sdk: SdkClient = new ClientBuilder((c: SdkClient) => c, 'GlobalCredentials')
    .withCredential(new GlobalCredentials().withAk(AK).withSk(SK).withDomainId('coc-dev-domain')).withEndpoint(running.url).build()

  const alarm = await sdk.sendRequest(request('GET', '/v1/alarm-mgmt/alarm/{alarm_id}', { pathParams: { alarm_id: EXAMPLE_ALARM_ID } }))
  t.match(alarm, { httpStatusCode: 200, data: { id: EXAMPLE_ALARM_ID, associate_event_id: '' } }, 'ShowAlarm, signed')

  const linked = await sdk.sendRequest(request('POST', '/v1/alarm-mgmt/alarms-linked-incident', {
    data: {
      alarm_ids: EXAMPLE_ALARM_ID, current_cloud_service_id: '6470681a31da2a47ed50a919', description: 'CPU above 90%',
      is_service_interrupt: true, level_id: 'level_20', mtm_type: 'inc_type_p_reliability_issues', title: 'checkout overloaded',
      assignee: '7da46971b7e24eed90cf777cc2ff8b91', enterprise_project_id: null
    }
  }))
  t.equal(linked.httpStatusCode, 200)
  const incident = linked.data[0] as string
  t.match(incident, /^IM\d{24}$/, 'TransferAlarmToIncident, signed')

  const created = await sdk.sendRequest(request('POST', '/v1/external/warrooms', {
    data: {
      war_room_name: 'checkout bridge', application_id_list: ['6470681a31da2a47ed50a919'], incident_number: incident,
      schedule_group: [{ role_id: 'role_primary', scene_id: 'scene_sre_on_call' }], war_room_admin: '7da46971b7e24eed90cf777cc2ff8b91', enterprise_project_id: '0'
    }
  }))
  const room = created.data as string
  t.match(room, /^WR\d{24}$/, 'CreateWarRoom, signed')

  const read = async () => (await sdk.sendRequest(request('POST', '/v1/external/warrooms/list', { data: { limit: 1, offset: 0, war_room_num: room } }))).data.list[0]
  t.match(await read(), { war_room_status: { id: 'WAR_ROOM_RUNNING' }, incident: { incident_id: incident, alarm_id: EXAMPLE_ALARM_ID, source_id: 3, failure_level: 'level_20' } })

  // The v2 workflow: read the task, act on it, until the ticket is completed (a bounded walk).
  const steps: Array<[string, object]> = [
    ['accepted', {}],
    ['commitSolution', { mtm_type: 'inc_type_p_reliability_issues', is_service_interrupt: true, start_time: Date.now() - 3_600_000, fault_recovery_time: Date.now() - 60_000, cause: 'a hot loop', solution: 'rolled back' }],
    ['confirm', { virtual_confirm_result: true, virtual_confirm_comment: 'verified' }]
  ]
  for (const [action, params] of steps) {
    const tasks = await sdk.sendRequest(request('GET', '/v2/incidents/{incident_id}/tasks', { pathParams: { incident_id: incident } }))
    const taskId = tasks.data[0].operations[0].task_id as string
    const done = await sdk.sendRequest(request('POST', '/v2/incidents/{incident_id}/actions', { pathParams: { incident_id: incident }, data: { task_id: taskId, action, params } }))
    t.equal(done.httpStatusCode, 200, action)
  }
  const detail = await sdk.sendRequest(request('GET', '/v1/external/incident/{incident_num}', { pathParams: { incident_num: incident } }))
  t.match(detail.data, { status: 'INCIDENT_STATUS_COMPLETED', warroom_id: room, incident_source: 'incident_source_alarm' })
  const closed = await read()
  t.equal(closed.war_room_status.id, 'WAR_ROOM_CLOSED', 'the war room closed with its incident')
  t.type(closed.recovery_notification_time, 'number')
})
