import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope, RequestsCount, RequestsFilter, RequestsQuery, RequestsResult } from '../../schemas/admin.js'
import { NullDataResponse } from '../../schemas/v1.js'

/** /__admin/requests: the request journal, read, counted and emptied. */
const requestRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/requests', {
    schema: {
      summary: 'The COC requests received, newest first; secrets redacted',
      tags: TAGS,
      querystring: RequestsQuery,
      response: { 200: Envelope(RequestsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { limit, ...filter } = request.query
    return success(app.journal.find(filter, limit))
  })

  app.delete('/requests', {
    schema: { summary: 'Empty the request journal', tags: TAGS, response: { 200: NullDataResponse, ...AdminErrorResponses } }
  }, async () => {
    app.journal.clear()
    return success(null)
  })


  app.post('/requests/count', {
    schema: {
      summary: 'Count the journaled COC requests that match a filter (the filter of GET /__admin/requests)',
      tags: TAGS,
      body: RequestsFilter,
      response: { 200: Envelope(RequestsCount), ...AdminErrorResponses }
    }
  }, async request => {
    return success({ count: app.journal.find(request.body, 0).total })
  })
}

export default requestRoutes
