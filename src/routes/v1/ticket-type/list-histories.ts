import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CocError, success } from '../../../errors.js'
import { toHistoryItem } from '../../../incident/views/history.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'
import { ListHistoriesBody, ListHistoriesResponse, TicketTypeParams } from '../../../schemas/v1.js'

/**
 * POST /v1/{ticket_type}/list-histories (ListTicketOperationHistories, what Terraform calls) and
 * POST /v1/external/{ticket_type}/list-histories (ListCocTicketOperationHistories): one handler.
 */
const listHistoriesRoutes: FastifyPluginAsyncTypebox = async app => {
  // The static incident paths are registered too: /v1/external/incident/{incident_num} would
  // otherwise claim /v1/external/incident/list-histories before the ticket_type route is tried.
  for (const url of [
    '/v1/incident/list-histories', '/v1/external/incident/list-histories',
    '/v1/:ticket_type/list-histories', '/v1/external/:ticket_type/list-histories'
  ]) {
    app.post(url, {
      schema: {
        summary: 'Operation history of tickets',
        params: url.includes(':') ? TicketTypeParams : Type.Object({}),
        headers: AuthHeaders,
        body: ListHistoriesBody,
        response: { 200: ListHistoriesResponse, ...ErrorResponses }
      }
    }, async request => {
      const ticketType = (request.params as { ticket_type?: string }).ticket_type ?? 'incident'
      if (ticketType !== 'incident') {
        throw new CocError('validation', `ticket_type: [${ticketType}] is not emulated; only incident is`)
      }
      const entries = app.incidentService.queryHistories(request.principal, request.body)
      return success({ total: entries.length, info: entries.map(entry => toHistoryItem(entry, app.fixtures)) })
    })
  }
}

export default listHistoriesRoutes
