import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { insertAlarms } from '../../admin/alarms.js'
import { CocError, success } from '../../errors.js'
import { AlarmIdParams, AlarmsQuery, AlarmsResult, DeletedAlarm, InsertAlarmsBody } from '../../schemas/alarm.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope } from '../../schemas/admin.js'

/** /__admin/alarms: insert, list and delete alarms of any domain. */
const alarmAdminRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/alarms', {
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      summary: 'Insert alarms in any state',
      tags: TAGS,
      body: InsertAlarmsBody,
      response: { 200: Envelope(AlarmsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const alarms = insertAlarms(app.alarmStore, app.incidentStore, request.body.alarms, app.clock.now())
    return success({ alarms, total: alarms.length })
  })

  app.get('/alarms', {
    schema: {
      summary: 'Every domain\'s alarms (or one domain\'s), newest first',
      tags: TAGS,
      querystring: AlarmsQuery,
      response: { 200: Envelope(AlarmsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { page, limit, domain_id: domainId } = request.query
    const { alarms, total } = app.alarmStore.page(domainId, (page - 1) * limit, limit)
    return success({ alarms, total })
  })

  app.delete('/alarms/:alarm_id', {
    schema: {
      summary: 'Delete an alarm and its handling history',
      tags: TAGS,
      params: AlarmIdParams,
      response: { 200: Envelope(DeletedAlarm), ...AdminErrorResponses }
    }
  }, async request => {
    const { alarm_id: alarmId } = request.params
    if (!app.alarmStore.remove(alarmId)) throw new CocError('adminNotFound', `alarm_id: no alarm [${alarmId}] in any domain`)
    return success({ alarm_id: alarmId })
  })
}

export default alarmAdminRoutes
