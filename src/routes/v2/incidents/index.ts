import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../../errors.js'
import { PROVIDER_CODE, SUCCESS_CODE } from '../../../schemas/common.js'
import { toV2Ticket } from '../../../incident/views/v2-ticket.js'
import { toV2HistoryItem } from '../../../incident/views/history.js'
import type { Tallies } from '../../../incident/list-scan.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'
import { ActionBody, ActionResponse, HistoriesBody, HistoriesResponse, IncidentIdParams, ListBody, ListResponse, TasksResponse } from '../../../schemas/v2.js'

/** count_filters' and group_by_filter's answers, beside the list's own keys only when asked for (docs/contract-notes.md). */
const tallies = (counts?: Tallies['counts'], groups?: Tallies['groups']): { count_result?: Tallies['counts'], group_by_result?: Tallies['groups'] } => ({
  ...(counts === undefined ? {} : { count_result: counts }),
  ...(groups === undefined ? {} : { group_by_result: groups })
})

/** /v2/incidents: the list, and tasks, actions and histories on the same workflow table as v1. */
const v2IncidentRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/list', {
    schema: { summary: 'Query incident tickets (ListIncidents)', headers: AuthHeaders, body: ListBody, response: { 200: ListResponse, ...ErrorResponses } }
  }, async request => {
    const body = request.body
    // Only incident tickets are emulated: asking for other types alone finds none.
    if (body.ticket_types !== undefined && body.ticket_types.length > 0 && !body.ticket_types.includes('incident')) {
      return success({ tickets: [], ...(body.contain_total === true ? { total: 0 } : {}) })
    }
    const { records, total, counts, groups } = await app.incidentService.list(request.principal, body)
    return success({
      tickets: records.map(record => toV2Ticket(record, app.directory, body.fields)),
      ...(total === null ? {} : { total }),
      ...tallies(counts, groups)
    })
  })

  app.get('/:incident_id/tasks', {
    schema: { summary: 'Obtain the incident task (ShowIncidentTask)', params: IncidentIdParams, headers: AuthHeaders, response: { 200: TasksResponse, ...ErrorResponses } }
  }, async request => success(app.incidentService.tasks(request.principal, request.params.incident_id)))

  // The documents' examples spell it /action; the URI line, the SDKs and Terraform use /actions.
  for (const url of ['/:incident_id/actions', '/:incident_id/action']) {
    app.post(url, {
      schema: { summary: 'Act on an incident (HandleIncident)', params: IncidentIdParams, headers: AuthHeaders, body: ActionBody, response: { 200: ActionResponse, ...ErrorResponses } }
    }, async request => {
      app.incidentService.handle(request.principal, {
        api: 'v2',
        incidentNum: request.params.incident_id,
        taskId: request.body.task_id,
        operator: request.principal.userId,
        key: request.body.action,
        params: request.body.params ?? {}
      })
      return { provider_code: PROVIDER_CODE, error_code: SUCCESS_CODE, error_msg: null }
    })
  }

  app.post('/:incident_id/histories', {
    schema: { summary: 'Incident action history (ListIncidentsHistories)', params: IncidentIdParams, headers: AuthHeaders, body: HistoriesBody, response: { 200: HistoriesResponse, ...ErrorResponses } }
  }, async request => {
    const { entries, total, counts, groups } = app.incidentService.v2Histories(request.principal, request.params.incident_id, request.body)
    return success({ total, info: entries.map(entry => toV2HistoryItem(entry, app.fixtures, request.body.fields)), ...tallies(counts, groups) })
  })
}

export default v2IncidentRoutes
