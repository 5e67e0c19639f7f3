import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { insertTickets } from '../../admin/tickets.js'
import { CocError, success } from '../../errors.js'
import { checkListQuery } from '../../incident/list-query.js'
import { adminTicketView } from '../../incident/views/detail.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, DeletedTicket, Envelope, InsertTicketsBody, TicketNumParams, TicketsQuery, TicketsResult } from '../../schemas/admin.js'

/** /__admin/tickets: insert, list and delete tickets of any domain. */
const ticketRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/tickets', {
    // Up to 10,000 tickets in one request.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      summary: 'Insert tickets in any status, with an optional history',
      tags: TAGS,
      body: InsertTicketsBody,
      response: { 200: Envelope(TicketsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const records = insertTickets(app.incidentStore, request.body.tickets, app.clock.now())
    return success({ tickets: records.map(record => adminTicketView(record, app.directory)), total: records.length })
  })

  app.get('/tickets', {
    schema: {
      summary: 'Every domain\'s tickets (or one domain\'s), newest first',
      tags: TAGS,
      querystring: TicketsQuery,
      response: { 200: Envelope(TicketsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { page, limit, domain_id: domainId } = request.query
    // The v2 list's engine, with no filter: newest first, every domain unless one is named.
    const { records, total } = app.incidentStore.list(domainId, checkListQuery({ page, per_page: limit, contain_total: true }))
    return success({ tickets: records.map(record => adminTicketView(record, app.directory)), total: total! })
  })

  app.delete('/tickets/:incident_num', {
    schema: {
      summary: 'Delete a ticket and its history',
      tags: TAGS,
      params: TicketNumParams,
      response: { 200: Envelope(DeletedTicket), ...AdminErrorResponses }
    }
  }, async request => {
    const { incident_num: incidentNum } = request.params
    if (!app.incidentStore.remove(incidentNum)) {
      throw new CocError('adminNotFound', `incident_num: no ticket [${incidentNum}] in any domain`)
    }
    return success({ incident_num: incidentNum })
  })
}

export default ticketRoutes
