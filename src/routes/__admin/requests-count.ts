import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { rejectUnknownKeys } from '../../admin/unknown-keys.js'
import { success } from '../../errors.js'
import { AdminErrorResponses, Envelope, RequestsCount, RequestsFilter } from '../../schemas/admin.js'

/**
 * How many journaled requests match a filter: what a test asserts on, without paging through
 * the journal. A POST with a JSON body so that clients in any language send the same filter.
 */
const requestsCountRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/requests/count', {
    schema: {
      summary: 'Count the journaled COC requests that match a filter (the filter of GET /__admin/requests)',
      tags: ['control plane'],
      body: RequestsFilter,
      response: { 200: Envelope(RequestsCount), ...AdminErrorResponses }
    }
  }, async request => {
    rejectUnknownKeys(RequestsFilter, request.body)
    return success({ count: app.journal.find(request.body, 0).total })
  })
}

export default requestsCountRoutes
