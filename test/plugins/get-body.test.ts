import { PassThrough } from 'node:stream'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { sign } from '../../src/auth/signature.js'
import { installGetBody } from '../../src/plugins/get-body.js'
import { build, TOKEN } from '../support/helper.js'

type Hook = (request: { method: string, headers: Record<string, string>, rawBody?: Buffer }, reply: unknown, payload: PassThrough, done: (error: Error | null, payload?: unknown) => void) => void

function captureHook (limit: number): Hook {
  let hook: Hook | undefined
  installGetBody({ addHook: (_name: string, fn: Hook) => { hook = fn } } as unknown as FastifyInstance, limit)
  return hook!
}

t.test('a signed GET whose body is signed passes: the bytes are read for the signature', async t => {
  const { app } = await build(t, { tickets: 0 })
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  const headers = { host: 'localhost', 'x-sdk-date': date, 'content-type': 'application/json' }
  const signature = sign('devskcocemulator000000000000000000000001', { method: 'GET', url: '/v3/auth/domains', headers, signedHeaders: ['content-type', 'host', 'x-sdk-date'], body: '{}', date })
  const authorization = `SDK-HMAC-SHA256 Access=DEVAKCOCEMULATOR0001, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`
  const res = await app.inject({ method: 'GET', url: '/v3/auth/domains', headers: { ...headers, authorization }, payload: '{}' })
  t.equal(res.statusCode, 200, res.body)
  const other = await app.inject({ method: 'GET', url: '/v3/auth/domains', headers: { ...headers, authorization }, payload: '{"a":1}' })
  t.match(other.json(), { error_code: 'GOM.00004012' }, 'another body breaks the signature')
  const journaled = (await app.inject({ url: '/__admin/requests?limit=1' })).json().data.requests[0]
  t.same(journaled.body, { a: 1 }, 'the journal shows the GET body too')
})

t.test('a GET body nested too deep is refused as any other body is', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ method: 'GET', url: '/v3/auth/domains', headers: { ...TOKEN, 'content-type': 'application/json' }, payload: '['.repeat(33) + ']'.repeat(33) })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error_code: 'GOM.00007256', error_msg: 'request body: nested deeper than 32 levels of arrays and objects' })
  t.equal((await app.inject({ url: '/__admin/requests' })).statusCode, 200, 'the journal that shows it still answers')
})

t.test('a GET body over the limit is refused with 413', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ method: 'GET', url: '/v3/auth/domains', headers: { ...TOKEN, 'content-type': 'application/json' }, payload: 'x'.repeat(1024 * 1024 + 1) })
  t.equal(res.statusCode, 413)
  t.match(res.json(), { error_code: 'GOM.00004130', error_msg: 'request body: larger than this route\'s limit of 1 MiB' })
})

t.test('other methods and body-less GETs pass untouched; a failing stream is reported once', async t => {
  const hook = captureHook(4)
  const untouched = new PassThrough()
  hook({ method: 'POST', headers: { 'content-length': '2' } }, null, untouched, (error, payload) => {
    t.equal(error, null)
    t.equal(payload, untouched)
  })
  hook({ method: 'GET', headers: { 'content-length': '0' } }, null, untouched, error => t.equal(error, null, 'content-length 0 is no body'))

  const failing = new PassThrough()
  const outcomes: Array<Error | null> = []
  const request: { method: string, headers: Record<string, string>, rawBody?: Buffer } = { method: 'HEAD', headers: { 'transfer-encoding': 'chunked' } }
  hook(request, null, failing, error => outcomes.push(error))
  failing.destroy(new Error('socket closed'))
  await new Promise(resolve => setImmediate(resolve))
  t.same(outcomes.map(e => e?.message), ['socket closed'])
  t.equal(request.rawBody, undefined)

  const big = new PassThrough()
  const bigOutcomes: Array<Error | null> = []
  hook({ method: 'GET', headers: { 'content-length': '9' } }, null, big, error => bigOutcomes.push(error))
  big.end('123456789')
  await new Promise(resolve => big.on('end', resolve))
  t.equal(bigOutcomes.length, 1, 'refused once, though the stream still ends')
  t.match(bigOutcomes[0], { status: 413 })
})
