import t, { type Test } from 'tap'
import Fastify from 'fastify'
import type { RouteOptions } from 'fastify'
import { Type } from '@sinclair/typebox'
import { serializerFor } from '../../src/plugins/lazy-compilers.js'
import { compileSchema, createAjv } from '../../src/validation.js'
import { build } from '../support/helper.js'

/** Every response schema of the COC routes, by route, as an app registers them. */
async function responseSchemas (t: Test): Promise<Map<string, object[]>> {
  const routes: RouteOptions[] = []
  await build(t, { tickets: 0, onRoute: route => { routes.push(route) } })
  const found = new Map<string, object[]>()
  for (const route of routes) {
    const response = route.schema?.response as Record<string, object> | undefined
    if (response === undefined || route.url.startsWith('/__admin')) continue
    found.set(`${String(route.method)} ${route.url}`, Object.values(response))
  }
  return found
}

t.test('every COC response schema builds, and a second app reuses what the first built', async t => {
  const first = await responseSchemas(t)
  const second = await responseSchemas(t)
  t.ok(first.size >= 20, `${first.size} routes with response schemas`)
  for (const [route, schemas] of first) {
    const again = second.get(route)!
    t.equal(again.length, schemas.length, route)
    for (const [index, schema] of schemas.entries()) {
      // Built now, not on a first answer: a schema fast-json-stringify refuses fails here.
      const serialize = serializerFor(schema)
      t.equal(typeof serialize, 'function', route)
      t.equal(serializerFor(again[index]!), serialize, `${route}: the same serializer, not a second build`)
    }
  }
})

t.test('the built serializer writes what fastify writes with its own compiler', async t => {
  const schema = Type.Object({ a: Type.String(), n: Type.Optional(Type.Integer()), list: Type.Array(Type.String()), at: Type.Union([Type.Integer(), Type.Null()]) })
  const data = { a: 'q"\u2028\ud800\n', n: 3.7, list: ['x', 'y'], at: null, extra: true }
  const plain = Fastify()
  plain.get('/', { schema: { response: { 200: schema } } }, async () => data)
  t.teardown(() => plain.close())
  const answer = await plain.inject({ url: '/' })
  t.equal(serializerFor(schema)(data), answer.body)
})

t.test('a validator is compiled once a process for each schema and kind of part', async t => {
  const schema = Type.Object({ n: Type.Integer({ maximum: 5 }) })
  const body = compileSchema(createAjv(), schema, 'body')
  t.equal(compileSchema(createAjv(), schema, 'body'), body, 'a second Ajv reuses the body validator')
  t.equal(compileSchema(createAjv(), schema), body, 'no part is a body (strings are checked)')
  const query = compileSchema(createAjv(), schema, 'querystring')
  t.not(query, body, 'a query validator does not check strings, so it is another function')
  t.equal(compileSchema(createAjv(), schema, 'params'), query)
  t.equal(body({ n: 6 }), false)
  t.equal(query({ n: '4' }), true)
})
