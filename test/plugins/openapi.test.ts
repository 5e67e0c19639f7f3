import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { RouteOptions } from 'fastify'
import { build } from '../support/helper.js'

interface Operation { summary?: string, tags?: string[], responses: Record<string, { content?: Record<string, { schema: unknown }> }>, requestBody?: unknown }

t.test('/openapi.json is a valid OpenAPI 3.1 document with every route', async t => {
  const routes: Array<{ method: string, url: string, hidden: boolean }> = []
  const { app } = await build(t, {
    tickets: 0,
    onRoute: (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, hidden: (route.schema as { hide?: boolean } | undefined)?.hide === true })
      }
    }
  })
  const res = await app.inject({ url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  const result = await new Validator().validate(doc)
  t.same(result.errors, undefined, 'no validation errors')
  t.equal(result.valid, true)
  t.equal(doc.openapi, '3.1.0')

  const paths = doc.paths as Record<string, Record<string, Operation>>
  const documented = new Set(Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map(method => `${method.toUpperCase()} ${path}`)))
  const toOpenApi = (url: string) => url.replace(/:(\w+)/g, '{$1}')
  const served = routes.filter(route => !route.hidden && route.method !== 'HEAD')
  t.ok(served.length >= 25, `${served.length} routes`)
  for (const route of served) t.ok(documented.has(`${route.method} ${toOpenApi(route.url)}`), `${route.method} ${route.url} is documented`)
  t.equal(documented.size, served.length, 'and nothing else: the 405 refusals are left out')
  t.ok(routes.some(route => route.hidden), 'the 405 refusals are routes of their own')
  for (const path of ['/v1/external/incident/{incident_num}', '/v1/external/incident/create', '/v2/incidents/list', '/__admin/reset', '/__admin/faults', '/__admin/clock', '/__admin/requests', '/__admin/tickets']) {
    t.ok(path in paths, path)
  }
})

t.test('the document carries the schemas: bodies, the detail model, the error envelope, security', async t => {
  const { app } = await build(t, { tickets: 0 })
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  const text = JSON.stringify(doc)
  const detail = doc.paths['/v1/external/incident/{incident_num}'].get as Operation
  t.ok(detail.summary?.includes('ShowCocIncidentDetail'))
  t.same(detail.tags, ['incidents'])
  t.ok('400' in detail.responses && '200' in detail.responses)
  t.ok(doc.components.schemas.IncidentTicketInfoResponseData, 'the detail model under its COC name')
  // The error statuses are shared components: the envelope is behind the $refs.
  t.same(detail.responses['400'], { $ref: '#/components/responses/Error400' })
  t.same(doc.components.responses.Error400.content['application/json'].schema, { $ref: '#/components/schemas/CocErrorEnvelope' })
  t.match(doc.components.schemas.CocErrorEnvelope, { required: ['provider_code', 'error_code', 'error_msg', 'data'] }, 'the error envelope')
  t.match(text, /"incident_title":\{[^}]*"maxLength":200/, 'limits are in the schemas')
  const fault = doc.paths['/__admin/faults'].post as Operation & { security: unknown[] }
  t.same(fault.tags, ['control plane'])
  t.same(fault.security, [{}, { admin: [] }], 'admin: none from loopback, or the bearer token')
  t.ok(fault.requestBody)
  t.same(doc.paths['/v2/incidents/list'].post.security, [{ token: [] }, { signature: [] }])
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['admin', 'signature', 'token'])
})
