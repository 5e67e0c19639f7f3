import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { applicationInfo } from '../../../application/service.js'
import { success } from '../../../errors.js'
import { AuthHeaders, ErrorResponses } from '../../../schemas/common.js'
import {
  ApplicationParams, CreateApplicationBody, CreateApplicationResponse, DeleteApplicationResponse,
  ListApplicationsQuery, ListApplicationsResponse, UpdateApplicationBody, UpdateApplicationResponse
} from '../../../schemas/application.js'

const TAGS = ['applications']

/** /v1/applications: the application registry that tickets' current_cloud_service names. */
const applicationRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/v1/applications', {
    schema: {
      summary: 'Create an application (CreateApplication)',
      tags: TAGS,
      headers: AuthHeaders,
      body: CreateApplicationBody,
      response: { 200: CreateApplicationResponse, ...ErrorResponses }
    }
  }, async request => success({ id: app.applicationService.create(request.principal, request.body).id }))

  app.get('/v1/applications', {
    schema: {
      summary: 'List applications (ListApplications)',
      tags: TAGS,
      headers: AuthHeaders,
      querystring: ListApplicationsQuery,
      response: { 200: ListApplicationsResponse, ...ErrorResponses }
    }
  }, async request => success(app.applicationService.list(request.principal, request.query).map(applicationInfo)))

  app.put('/v1/applications/:id', {
    schema: {
      summary: 'Update an application (UpdateApplication)',
      tags: TAGS,
      headers: AuthHeaders,
      params: ApplicationParams,
      body: UpdateApplicationBody,
      response: { 200: UpdateApplicationResponse, ...ErrorResponses }
    }
  }, async request => success({ id: app.applicationService.update(request.principal, request.params.id, request.body).id }))

  app.delete('/v1/applications/:id', {
    schema: {
      summary: 'Delete an application (DeleteApplication)',
      tags: TAGS,
      headers: AuthHeaders,
      params: ApplicationParams,
      response: { 200: DeleteApplicationResponse, ...ErrorResponses }
    }
  }, async request => {
    app.applicationService.remove(request.principal, request.params.id)
    return success(null)
  })
}

export default applicationRoutes
