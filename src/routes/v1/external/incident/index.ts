import type { Static } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { incidentNotFound, JSON_TYPE, success } from '../../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../../schemas/common.js'
import { IncidentDetailResponse, IncidentNumParams } from '../../../../schemas/incident.js'
import { CreateIncidentBody, CreateIncidentResponse, HandleIncidentBody, NullDataResponse } from '../../../../schemas/v1.js'

/** /v1/external/incident: the v1 ticket routes. */
const incidentRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/:incident_num', {
    schema: {
      summary: 'Query incident ticket details (ShowCocIncidentDetail)',
      params: IncidentNumParams,
      headers: AuthHeaders,
      response: { 200: IncidentDetailResponse, ...ErrorResponses }
    }
  }, async (request, reply) => {
    const { incident_num: incidentNum } = request.params
    // Another domain's ticket is "not found", never revealed.
    const body = app.details.bytes(request.principal.domainId, incidentNum)
    if (body === undefined) throw incidentNotFound(incidentNum)
    // Already serialised through IncidentDetailResponse: fastify sends the bytes as they are.
    return reply.type(JSON_TYPE).send(body as unknown as Static<typeof IncidentDetailResponse>)
  })

  app.post('/create', {
    schema: {
      summary: 'Create an incident ticket (CreateCocIncident)',
      headers: AuthHeaders,
      body: CreateIncidentBody,
      response: { 200: CreateIncidentResponse, ...ErrorResponses }
    }
  }, async request => {
    const incidentNum = app.incidentService.create(request.principal, request.body)
    // The request journal files the create under the ticket it made.
    request.createdIncidentNum = incidentNum
    return success({ incident_num: incidentNum })
  })

  app.post('/handle', {
    schema: {
      summary: 'Accept, solve, verify and the other v1 operations (HandleCocIncident)',
      headers: AuthHeaders,
      body: HandleIncidentBody,
      response: { 200: NullDataResponse, ...ErrorResponses }
    }
  }, async request => {
    const { incident_num: incidentNum, operator, operate_key: key, parameter } = request.body
    app.incidentService.handle(request.principal, {
      api: 'v1', incidentNum, operator, key, params: parameter ?? {}
    })
    return success(null)
  })
}

export default incidentRoutes
