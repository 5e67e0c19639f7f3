import type { Static } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { incidentNotFound } from '../../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../../schemas/common.js'
import { IncidentDetailResponse, IncidentNumParams } from '../../../../schemas/incident.js'

const JSON_TYPE = 'application/json; charset=utf-8'

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
    const body = app.details.body(request.principal.domainId, incidentNum)
    if (body === undefined) throw incidentNotFound(incidentNum)
    // Already serialised through IncidentDetailResponse: fastify sends a JSON string as it is.
    return reply.type(JSON_TYPE).send(body as unknown as Static<typeof IncidentDetailResponse>)
  })
}

export default incidentRoutes
