import fc from 'fast-check'
import { EXAMPLE_ALARM_ID } from '../../../src/alarm/seed.js'
import { AlarmIdParams, AlarmsQuery, AlarmToIncidentBody, AutoProcessBody, ClearAlarmBody, HandleHistoriesQuery, InsertAlarmsBody } from '../../../src/schemas/alarm.js'
import { CreateWarRoomBody, ListWarRoomsBody, WarRoomsQuery } from '../../../src/schemas/warroom.js'
import type { Context, RouteSpec } from './harness.js'

const ticketNum = (ctx: Context) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.nums) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) })
const alarmIds = fc.oneof(fc.constant(EXAMPLE_ALARM_ID), fc.string({ minLength: 1, maxLength: 30 }), fc.constant(`${EXAMPLE_ALARM_ID},AL-NONE`))

/** The war room and alarm routes, for the same properties as the ticket routes. */
export const FAMILY_ROUTES: RouteSpec[] = [
  {
    name: 'POST /v1/external/warrooms',
    method: 'POST',
    path: '/v1/external/warrooms',
    coc: true,
    body: CreateWarRoomBody,
    hints: ctx => ({ incident_number: ticketNum(ctx), notification_type: fc.constantFrom('WECHAT', 'LARK', 'SMS') })
  },
  {
    name: 'POST /v1/external/warrooms/list',
    method: 'POST',
    path: '/v1/external/warrooms/list',
    coc: true,
    body: ListWarRoomsBody,
    hints: ctx => ({ incident_num: ticketNum(ctx), status: fc.constant(['WAR_ROOM_RUNNING']) })
  },
  { name: 'GET /v1/alarm-mgmt/alarm/{alarm_id}', method: 'GET', path: '/v1/alarm-mgmt/alarm/:alarm_id', coc: true, params: AlarmIdParams, hints: () => ({ alarm_id: alarmIds }) },
  {
    name: 'GET /v1/alarm-mgmt/alarm/{alarm_id}/handle-histories',
    method: 'GET',
    path: '/v1/alarm-mgmt/alarm/:alarm_id/handle-histories',
    coc: true,
    params: AlarmIdParams,
    query: HandleHistoriesQuery,
    hints: () => ({ alarm_id: alarmIds })
  },
  {
    name: 'POST /v1/alarm-mgmt/alarm/{alarm_id}/auto-process',
    method: 'POST',
    path: '/v1/alarm-mgmt/alarm/:alarm_id/auto-process',
    coc: true,
    params: AlarmIdParams,
    body: AutoProcessBody,
    hints: () => ({ alarm_id: alarmIds })
  },
  { name: 'POST /v1/alarm-mgmt/alarms/cancel', method: 'POST', path: '/v1/alarm-mgmt/alarms/cancel', coc: true, body: ClearAlarmBody, hints: () => ({ alarm_ids: alarmIds }) },
  {
    name: 'POST /v1/alarm-mgmt/alarms-linked-incident',
    method: 'POST',
    path: '/v1/alarm-mgmt/alarms-linked-incident',
    coc: true,
    body: AlarmToIncidentBody,
    hints: () => ({ alarm_ids: alarmIds, assignee: fc.constantFrom('u1', '') })
  },
  { name: 'POST /__admin/alarms', method: 'POST', path: '/__admin/alarms', coc: false, body: InsertAlarmsBody },
  { name: 'GET /__admin/alarms', method: 'GET', path: '/__admin/alarms', coc: false, query: AlarmsQuery },
  { name: 'DELETE /__admin/alarms/{alarm_id}', method: 'DELETE', path: '/__admin/alarms/:alarm_id', coc: false, params: AlarmIdParams, hints: () => ({ alarm_id: alarmIds }) },
  { name: 'GET /__admin/warrooms', method: 'GET', path: '/__admin/warrooms', coc: false, query: WarRoomsQuery, hints: () => ({ domain_id: fc.constantFrom('coc-dev-domain', 'coc-other-domain') }) }
]
