import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses } from '../../schemas/admin.js'
import { CategoriesBody, CategoriesResult, CategoryKeyParams } from '../../schemas/categories.js'
import { NullDataResponse } from '../../schemas/v1.js'

/** /__admin/categories: the incident categories tickets may have, and the tenant's own ones added. */
const categoryRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/categories', {
    schema: { summary: 'The registered incident categories: presets, fixture and inserted ones', tags: TAGS, response: { 200: CategoriesResult, ...AdminErrorResponses } }
  }, async () => success({ categories: app.categories.list() }))

  app.post('/categories', {
    schema: {
      summary: 'Register incident categories (all or none)',
      tags: TAGS,
      body: CategoriesBody,
      response: { 200: CategoriesResult, ...AdminErrorResponses }
    }
  }, async request => {
    const inserted = app.categories.insert(request.body.categories)
    // A cached detail may show a key without its names: it has names now.
    app.details.invalidate()
    request.log.info({ categories: inserted.map(category => category.key) }, 'categories added')
    return success({ categories: inserted })
  })

  app.delete('/categories/:key', {
    schema: { summary: 'Remove an inserted incident category', tags: TAGS, params: CategoryKeyParams, response: { 200: NullDataResponse, ...AdminErrorResponses } }
  }, async request => {
    app.categories.remove(request.params.key)
    app.details.invalidate()
    return success(null)
  })
}

export default categoryRoutes
