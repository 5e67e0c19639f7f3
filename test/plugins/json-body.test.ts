import t from 'tap'
import Fastify from 'fastify'
import { bodyIsOptional, installJsonBody, jsonDepth, MAX_JSON_DEPTH } from '../../src/plugins/json-body.js'
import { build, detailUrl, json, TOKEN } from '../support/helper.js'
import { CREATE_BODY as VALID } from '../support/helper.js'

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth)

t.test('the depth of a JSON text is read before it is parsed; strings do not count', async t => {
  const bytes = (text: string) => Buffer.from(text)
  t.equal(jsonDepth(bytes('1')), 0)
  t.equal(jsonDepth(bytes('{"a":[1,{"b":[]}]}')), 4)
  t.equal(jsonDepth(bytes('{"a":"[[[[{{{{"}')), 1, 'brackets inside a string')
  t.equal(jsonDepth(bytes('{"a":"\\"[[[["}')), 1, 'an escaped quote does not end the string')
  t.equal(jsonDepth(bytes(nested(5000)), MAX_JSON_DEPTH), MAX_JSON_DEPTH + 1, 'stops reading once past the limit')
})

t.test('over-deep bodies are refused up front on every kind of route, and nothing is written', async t => {
  const { app } = await build(t, { tickets: 0 })
  const deep = nested(4500)
  const message = `request body: nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`
  for (const url of ['/v1/external/incident/create', '/v2/incidents/list', '/v1/external/incident/handle']) {
    const res = await app.inject({ method: 'POST', url, headers: { ...TOKEN, 'content-type': 'application/json' }, payload: `{"incident_title":${deep}}` })
    t.equal(res.statusCode, 400, url)
    t.same(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: message, data: null })
  }
  const admin = await app.inject({ method: 'POST', url: '/__admin/tickets', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ tickets: [{ ...VALID, incident_num: 'IM-DEEP', incident_title: 'x' }] }).replace('"x"', `"x","extra":${deep}`) })
  t.equal(admin.statusCode, 400)
  t.equal((await app.inject(json('GET', detailUrl('IM-DEEP'), undefined, TOKEN))).statusCode, 400, 'the ticket was not stored')
  const journal = await app.inject(json('GET', '/__admin/requests'))
  t.equal(journal.statusCode, 200, 'the journal still answers with the deep requests in it')
  t.equal(journal.json().data.total, 4, 'three refused bodies and the detail read')
  const fine = await app.inject({ method: 'POST', url: '/v2/incidents/list', headers: { ...TOKEN, 'content-type': 'application/json' }, payload: `{"fields":${nested(MAX_JSON_DEPTH - 1, '"title"')}}` })
  t.equal(fine.statusCode, 400, 'at the limit the body is parsed, and the schema decides')
  t.match(fine.json().error_msg, /^fields\[0\]: must be string/)
})

t.test('an empty body is no body: the route\'s own schema decides', async t => {
  const { app } = await build(t, { tickets: 3 })
  const empty = (method: 'POST' | 'GET' | 'DELETE', url: string, headers: Record<string, string> = TOKEN) =>
    app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: '' })
  const list = await empty('POST', '/v2/incidents/list')
  t.equal(list.statusCode, 200, 'the v2 list\'s body is optional')
  const withBraces = await app.inject(json('POST', '/v2/incidents/list', {}, TOKEN))
  t.same(list.json(), withBraces.json(), 'read as {}')
  const bare = await app.inject({ method: 'POST', url: '/v2/incidents/list', headers: TOKEN })
  t.equal(bare.statusCode, 200, 'as is no body at all')
  const create = await empty('POST', '/v1/external/incident/create')
  t.equal(create.statusCode, 400)
  t.match(create.json().error_msg, /^request body: is required \(with incident_level, /)
  t.equal((await empty('DELETE', detailUrl('IM1'))).statusCode, 405, 'a DELETE on a GET route is still 405')
  const reset = await empty('POST', '/__admin/reset', {})
  t.equal(reset.statusCode, 200, '/__admin/reset still resets')
  t.ok(bodyIsOptional({ type: 'object', required: ['page'], properties: { page: { default: 1 } } }), 'defaults make a member optional')
  t.notOk(bodyIsOptional({ type: 'object', required: ['toString'], properties: {} }), 'an inherited name is not a member')
  t.notOk(bodyIsOptional({ type: 'array' }))
  t.notOk(bodyIsOptional(undefined))
})

t.test('a route\'s own preValidation hooks stay, before the body rule', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  installJsonBody(app)
  const seen: string[] = []
  app.post('/required', {
    schema: { body: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } },
    preValidation: (_request, _reply, done) => { seen.push('own'); done() }
  }, async request => request.body)
  app.post('/any', { schema: { body: { type: 'array' } } }, async request => request.body)
  const empty = await app.inject({ method: 'POST', url: '/required', headers: { 'content-type': 'application/json' }, payload: '' })
  t.equal(empty.statusCode, 400)
  t.match(empty.json().message, 'request body: is required (with a)')
  t.same(seen, ['own'], 'the route\'s hook ran first')
  t.equal((await app.inject({ method: 'POST', url: '/any', headers: { 'content-type': 'application/json' }, payload: '' })).statusCode, 400, 'a body that is not an object is required too')
  t.same((await app.inject({ method: 'POST', url: '/any', headers: { 'content-type': 'application/json' }, payload: '[1]' })).json(), [1])
})
