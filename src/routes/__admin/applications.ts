import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { applicationInfo } from '../../application/service.js'
import { CocError, success } from '../../errors.js'
import { DEFAULT_DOMAIN_ID } from '../../fixtures.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope } from '../../schemas/admin.js'
import { AdminApplicationsQuery, ApplicationParams, ApplicationsResult, DeletedApplication, InsertApplicationsBody } from '../../schemas/application.js'
import type { ApplicationRecord } from '../../stores/application-store.js'

const view = (record: ApplicationRecord) => ({ ...applicationInfo(record), name_zh: record.name_zh ?? record.name })

/** /__admin/applications: insert, list and delete applications of any domain, like tickets. */
const applicationAdminRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/applications', {
    schema: {
      summary: 'Insert applications of any domain (all or none)',
      tags: TAGS,
      body: InsertApplicationsBody,
      response: { 200: Envelope(ApplicationsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const records = app.applicationService.insert(request.body.applications, DEFAULT_DOMAIN_ID)
    return success({ applications: records.map(view), total: records.length })
  })

  app.get('/applications', {
    schema: {
      summary: 'Every domain\'s applications (or one domain\'s), oldest first',
      tags: TAGS,
      querystring: AdminApplicationsQuery,
      response: { 200: Envelope(ApplicationsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { records, total } = app.applicationService.listAll(request.query.domain_id, request.query.limit, request.query.marker)
    return success({ applications: records.map(view), total })
  })

  app.delete('/applications/:id', {
    schema: {
      summary: 'Delete an application of any domain',
      tags: TAGS,
      params: ApplicationParams,
      response: { 200: Envelope(DeletedApplication), ...AdminErrorResponses }
    }
  }, async request => {
    const { id } = request.params
    if (!app.applicationService.removeAny(id)) throw new CocError('adminNotFound', `id: no application [${id}] in any domain`)
    return success({ id })
  })
}

export default applicationAdminRoutes
