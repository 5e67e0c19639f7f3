import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../../errors.js'
import { PROVIDER_CODE, SUCCESS_CODE } from '../../../schemas/common.js'
import {
  AlarmIdParams, AlarmIdsResponse, AlarmToIncidentBody, AutoProcessBody, AutoProcessResponse, ClearAlarmBody,
  HandleHistoriesQuery, HandleHistoriesResponse, ShowAlarmResponse
} from '../../../schemas/alarm.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'

const TAGS = ['alarms']

/** /v1/alarm-mgmt: alarms, their handling, and alarms made into incidents. */
const alarmRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/alarm/:alarm_id', {
    schema: {
      summary: 'Query an alarm (ShowAlarm)',
      tags: TAGS,
      headers: AuthHeaders,
      params: AlarmIdParams,
      response: { 200: ShowAlarmResponse, ...ErrorResponses }
    }
  }, async request => success(app.alarmService.show(request.principal, request.params.alarm_id)))

  app.get('/alarm/:alarm_id/handle-histories', {
    schema: {
      summary: 'Query an alarm\'s handling history (ListAlarmHandleHistories)',
      tags: TAGS,
      headers: AuthHeaders,
      params: AlarmIdParams,
      querystring: HandleHistoriesQuery,
      response: { 200: HandleHistoriesResponse, ...ErrorResponses }
    }
  }, async request => {
    const { offset, limit } = request.query
    const { count, items } = app.alarmService.histories(request.principal, request.params.alarm_id, offset, limit)
    return { provider_code: PROVIDER_CODE, error_code: SUCCESS_CODE, error_msg: null, count, alarm_handle_histories: items }
  })

  app.post('/alarm/:alarm_id/auto-process', {
    schema: {
      summary: 'Handle an alarm with a task (HandlerAlarm)',
      tags: TAGS,
      headers: AuthHeaders,
      params: AlarmIdParams,
      body: AutoProcessBody,
      response: { 200: AutoProcessResponse, ...ErrorResponses }
    }
  }, async request => success(app.alarmService.autoProcess(request.principal, request.params.alarm_id, request.body)))

  app.post('/alarms/cancel', {
    schema: {
      summary: 'Clear alarms (ClearAlarm)',
      tags: TAGS,
      headers: AuthHeaders,
      body: ClearAlarmBody,
      response: { 200: AlarmIdsResponse, ...ErrorResponses }
    }
  }, async request => success(app.alarmService.clear(request.principal, request.body.alarm_ids, request.body.remarks)))

  app.post('/alarms-linked-incident', {
    schema: {
      summary: 'Make one incident ticket of alarms (TransferAlarmToIncident)',
      tags: TAGS,
      headers: AuthHeaders,
      body: AlarmToIncidentBody,
      response: { 200: AlarmIdsResponse, ...ErrorResponses }
    }
  }, async request => {
    const incidentNum = app.alarmService.toIncident(request.principal, request.body)
    // The request journal files the transfer under the ticket it made.
    request.createdIncidentNum = incidentNum
    return success([incidentNum])
  })
}

export default alarmRoutes
