import type { Socket } from 'node:net'
import t from 'tap'
import type { FastifyError } from 'fastify'
import { buildApp } from '../../src/app.js'
import { CocError } from '../../src/errors.js'
import { clientErrorHandler, toCocError } from '../../src/plugins/error-handler.js'
import { validationMessage } from '../../src/validation.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { build, CREATE_BODY, fixtures, TOKEN } from '../support/helper.js'

function fastifyError (code: string, statusCode?: number, message = 'm'): FastifyError {
  return Object.assign(new Error(message), { code, statusCode }) as FastifyError
}

t.test('framework error codes map to the section 9 table', async t => {
  const cases: Array<[string, number | undefined, number, string, RegExp]> = [
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 413, 'GOM.00004130', /^request body: larger than/],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415, 'GOM.00004150', /^Content-Type: not supported/],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400, 'GOM.00007256', /^request body: not valid JSON/],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 400, 'GOM.00007256', /^Content-Length:/],
    ['FST_ERR_BAD_URL', 400, 400, 'GOM.00007256', /^URL: malformed percent-encoding/],
    ['FST_ERR_MAX_PARAM_LENGTH', 414, 400, 'GOM.00007256', /^URL: a path parameter is longer/],
    ['SOME_CLIENT_ERROR', 409, 400, 'GOM.00007256', /^m$/],
    ['SOMETHING_BROKE', undefined, 500, 'GOM.00005000', /^internal error/],
    ['SOMETHING_BROKE', 503, 500, 'GOM.00005000', /^internal error/]
  ]
  for (const [code, statusCode, status, errorCode, message] of cases) {
    const coc = toCocError(fastifyError(code, statusCode))
    t.equal(coc.status, status, `${code}: HTTP ${status}`)
    t.equal(coc.code, errorCode, `${code}: ${errorCode}`)
    t.match(coc.message, message)
  }
  const own = new CocError('notAllowed', 'x')
  t.equal(toCocError(own), own, 'a COC error passes through')
})

t.test('validation messages name the field and the rule', async t => {
  t.equal(validationMessage([{ keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'creator' }, message: "must have required property 'creator'" }], 'body'), 'creator: is required')
  t.equal(validationMessage([{ keyword: 'maxLength', instancePath: '/incident_assignee/0', schemaPath: '', params: {}, message: 'must NOT have more than 255 characters' }], 'body'), 'incident_assignee[0]: must NOT have more than 255 characters')
  t.equal(validationMessage([{ keyword: 'type', instancePath: '/parameter/cause', schemaPath: '', params: {}, message: 'must be string' }], 'body'), 'parameter.cause: must be string')
  t.equal(validationMessage([{ keyword: 'type', instancePath: '', schemaPath: '', params: {}, message: 'must be object' }], 'body'), 'request body: must be object')
  t.equal(validationMessage([{ keyword: 'pattern', instancePath: '/x', schemaPath: '', params: { pattern: '^a$' }, message: 'must match pattern "^a$"' }], 'params'), 'x: must match pattern "^a$"', 'an unnamed pattern keeps the validator wording')
  t.equal(validationMessage([{ keyword: 'type', instancePath: '', schemaPath: '', params: {}, message: 'must be object' }], 'headers'), 'headers: must be object')
})

t.test('an unexpected failure is a 500 envelope whose details stay in the log', async t => {
  const { app, logs } = await build(t)
  // The detail route reads through detailOf (a ticket's first read), the other routes through get.
  app.incidentStore.get = app.incidentStore.detailOf = () => { throw new Error('disk on fire at /var/secret/path') }
  const res = await app.inject({ url: '/v1/external/incident/IM1', headers: TOKEN })
  t.equal(res.statusCode, 500)
  t.equal(res.json().error_code, 'GOM.00005000')
  t.notMatch(res.body, /disk on fire/, 'the cause is not sent')
  t.match(logs.join(''), /disk on fire/, 'the cause is logged')
})

t.test('a write the store has no room for is a 507 that stores nothing; the store goes on', async t => {
  const { app, store, logs } = await build(t)
  const db = store.database
  const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  const create = async (): Promise<{ statusCode: number, json: () => { error_code: string, error_msg: string, data: { incident_num: string } | null } }> =>
    await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: TOKEN, payload: CREATE_BODY })
  // No page may be added: the first create that needs one fails as a full disk would.
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
  const before = { tickets: count('incidents'), histories: count('histories') }
  let refused: Awaited<ReturnType<typeof create>> | undefined
  let made = 0
  for (let i = 0; i < 500 && refused === undefined; i++) {
    const res = await create()
    if (res.statusCode === 200) made++
    else refused = res
  }
  if (refused === undefined) throw new Error('500 creates found room')
  t.equal(refused.statusCode, 507)
  t.equal(refused.json().error_code, 'GOM.00005070')
  t.match(refused.json().error_msg, /^store: full; what this request wrote was rolled back\. An in-memory store holds up to 1 GiB/)
  t.same({ tickets: count('incidents'), histories: count('histories') }, { tickets: before.tickets + made, histories: before.histories + made },
    'the refused create left no ticket and no history behind')
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok')
  t.match(logs.join(''), /"msg":"request failed"/, 'the failure is logged for the operator')
  db.pragma('max_page_count = 4294967294')
  const after = await create()
  t.equal(after.statusCode, 200, 'with room again, a create is stored')
  const read = await app.inject({ url: `/v1/external/incident/${after.json().data!.incident_num}`, headers: TOKEN })
  t.equal(read.statusCode, 200)
})

t.test('parser errors on a socket that is gone are ignored; a closed socket gets nothing written', async t => {
  const written: string[] = []
  let destroyed = 0
  const socket = (over: object) => ({ destroyed: false, writable: true, write: (s: string) => written.push(s), destroy: () => { destroyed++ }, ...over }) as unknown as Socket
  clientErrorHandler(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket({}))
  clientErrorHandler(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD' }), socket({ destroyed: true }))
  t.equal(written.length + destroyed, 0, 'nothing done for a reset or destroyed socket')
  clientErrorHandler(new Error('no code'), socket({ writable: false }))
  t.equal(written.length, 0, 'nothing written to an unwritable socket')
  t.equal(destroyed, 1, 'but it is destroyed')
  clientErrorHandler(new Error('no code'), socket({}))
  t.match(written[0], /^HTTP\/1\.1 400 Bad Request\r\n/)
  t.match(written[0], /"error_msg":"HTTP request: malformed \(parse error\)"/)
})

t.test('the app builds without a logger', async t => {
  const store = openIncidentStore(':memory:')
  const app = await buildApp({ store, fixtures, auth: 'off' })
  t.teardown(async () => { await app.close(); store.close() })
  const res = await app.inject({ url: '/v1/external/incident/IM1' })
  t.equal(res.json().error_code, 'COC.00067003', 'auth off: no credentials needed')
})
