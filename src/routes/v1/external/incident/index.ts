import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { incidentNotFound, success } from '../../../../errors.js'
import { toDetail } from '../../../../incident/enum-data.js'
import { AuthHeaders, ErrorResponses } from '../../../../schemas/common.js'
import { IncidentDetailResponse, IncidentNumParams } from '../../../../schemas/incident.js'

/** /v1/external/incident: the v1 ticket routes. */
const incidentRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/:incident_num', {
    schema: {
      summary: 'Query incident ticket details (ShowCocIncidentDetail)',
      params: IncidentNumParams,
      headers: AuthHeaders,
      response: { 200: IncidentDetailResponse, ...ErrorResponses }
    }
  }, async request => {
    const { incident_num: incidentNum } = request.params
    // Another domain's ticket is "not found", never revealed.
    const record = app.incidents.get(request.principal.domainId, incidentNum)
    if (record === undefined) throw incidentNotFound(incidentNum)
    return success(toDetail(record, app.fixtures))
  })
}

export default incidentRoutes
