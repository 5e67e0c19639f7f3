import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { authDomains, listProjects } from '../../iam/discovery.js'
import { AuthHeaders, ErrorResponses } from '../../schemas/common.js'
import { AuthDomainsResponse, CatalogResponse, ProjectsQuery, ProjectsResponse } from '../../schemas/iam.js'

const tags = ['iam']

/**
 * /v3: the IAM calls a client makes to discover its domain and project before its first COC
 * call. They sit behind the same credentials, journal and faults as the COC routes.
 */
const iamRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/auth/domains', {
    schema: { summary: 'Domains of the credentials (KeystoneListAuthDomains)', tags, headers: AuthHeaders, response: { 200: AuthDomainsResponse, ...ErrorResponses } }
  }, async request => authDomains(request.principal, `${request.protocol}://${request.host}`))

  app.get('/projects', {
    schema: { summary: 'Projects of the credentials\' domain (KeystoneListProjects)', tags, querystring: ProjectsQuery, headers: AuthHeaders, response: { 200: ProjectsResponse, ...ErrorResponses } }
  }, async request => listProjects(request.principal, request.query, `${request.protocol}://${request.host}`))

  // The Terraform provider's identity client lists the catalog after AK/SK discovery; with
  // `endpoints` set it never reads it, so an empty catalog is enough.
  app.get('/auth/catalog', {
    schema: { summary: 'Service catalog (KeystoneShowCatalog)', tags, headers: AuthHeaders, response: { 200: CatalogResponse, ...ErrorResponses } }
  }, async request => ({ catalog: [], links: { self: `${request.protocol}://${request.host}/v3/auth/catalog` } }))
}

export default iamRoutes
