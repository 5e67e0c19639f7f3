import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'
import { SimpleListQuery, SimpleListResponse } from '../../../schemas/v1.js'
import { toSummaryItem } from '../../../incident/views/summary.js'

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
      IncidentSimpleTicketInfos: items.map(toSummaryItem)
    })
  })
}

export default incidentTicketsRoutes
