import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'
import { SimpleListQuery, SimpleListResponse } from '../../../schemas/v1.js'

/** GET /v1/incident-tickets (ListIncidentSimpleTickets): newest first; `offset` is a page number. */
const incidentTicketsRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/', {
    prefixTrailingSlash: 'no-slash',
    schema: {
      summary: 'Simplified incident list',
      querystring: SimpleListQuery,
      headers: AuthHeaders,
      response: { 200: SimpleListResponse, ...ErrorResponses }
    }
  }, async request => {
    const { offset, limit } = request.query
    const { total, items } = app.incidentService.summaries(request.principal, offset, limit)
    return success({
      total,
      IncidentSimpleTicketInfos: items.map(item => ({
        title: item.incident_title,
        ticket_id: item.incident_num,
        description: item.incident_description,
        status: item.status,
        level: item.incident_level,
        enterprise_project: item.enterprise_project[0] ?? '',
        source: item.incident_source,
        creator: item.creator,
        assignee: item.incident_assignee
      }))
    })
  })
}

export default incidentTicketsRoutes
