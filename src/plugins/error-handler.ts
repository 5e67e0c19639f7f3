import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify'
import { CocError, errorEnvelope, JSON_TYPE } from '../errors.js'
import { validationMessage } from '../validation.js'
import { newRequestId } from '../request-id.js'
import { IN_MEMORY_LIMIT_BYTES, isStoreFull } from '../stores/incident-store.js'

declare module 'fastify' {
  interface FastifyReply {
    /** The COC error code sent, for the request log line. */
    cocErrorCode: string | null
  }
}

/** The body limit of every route that does not set its own. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024
const MIB = 1024 * 1024

/** The 413 of a request body over its route's limit, whichever stage read the body. */
export const bodyTooLarge = (limit: number): CocError =>
  new CocError('bodyTooLarge', `request body: larger than this route's limit of ${limit / MIB} MiB`)

/** The 507 of a request the store had no room for: what it wrote was rolled back. */
const storageFull = (): CocError => new CocError('storageFull',
  `store: full; what this request wrote was rolled back. An in-memory store holds up to ${IN_MEMORY_LIMIT_BYTES / (1024 * MIB)} GiB ` +
  '(start with --db FILE for more); a --db file, or the temporary folder of a large in-memory store, needs free disk space')

/** Maps anything thrown while serving a request to a COC error. */
export function toCocError (error: FastifyError | CocError, bodyLimit = DEFAULT_BODY_LIMIT): CocError {
  if (error instanceof CocError) return error
  if (isStoreFull(error)) return storageFull()
  if (error.validation !== undefined) {
    return new CocError('validation', validationMessage(error.validation as FastifySchemaValidationError[], error.validationContext))
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLarge(bodyLimit)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CocError('unsupportedMediaType', 'Content-Type: not supported; send application/json')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new CocError('validation', 'request body: not valid JSON')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new CocError('validation', 'Content-Length: does not match the body that was sent')
    case 'FST_ERR_BAD_URL':
      return new CocError('validation', 'URL: malformed percent-encoding in the path')
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new CocError('validation', 'URL: a path parameter is longer than the emulator accepts')
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new CocError('validation', error.message)
  }
  return new CocError('internal', 'internal error: the emulator failed to serve this request; its log has the details')
}

export function sendError (reply: FastifyReply, error: CocError): FastifyReply {
  reply.cocErrorCode = error.code
  return reply.code(error.status).type(JSON_TYPE).send(errorEnvelope(error.code, error.message))
}

function errorHandler (this: FastifyInstance, error: FastifyError | CocError, request: FastifyRequest, reply: FastifyReply): void {
  const coc = toCocError(error, request.routeOptions.bodyLimit)
  // 5xx details go to the log, never to the client; "not ready yet" is no failure to report.
  if (coc.status >= 500 && coc.kind !== 'unavailable') request.log.error({ err: error }, 'request failed')
  void sendError(reply, coc)
}

/** Framework errors raised before routing (bad URL, over-long parameter): no hooks have run. */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id)
  void sendError(reply, toCocError(error))
}

/**
 * Errors of the HTTP parser itself (headers or URL over Node's 16 KiB limit, garbage on the
 * socket): there is no request object, so the envelope is written to the socket by hand.
 */
export function clientErrorHandler (error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const coc = error.code === 'HPE_HEADER_OVERFLOW'
    ? new CocError('headersTooLarge', 'request line and headers: larger than the 16 KiB limit (an over-long URL counts here)')
    : new CocError('validation', `HTTP request: malformed (${error.code ?? 'parse error'})`)
  if (socket.writable) socket.write(rawErrorResponse(coc, newRequestId()))
  socket.destroy()
}

/** A whole HTTP/1.1 error response, envelope included, for a socket no fastify reply owns. */
export function rawErrorResponse (coc: CocError, requestId: string, extraHeaders = ''): string {
  const body = JSON.stringify(errorEnvelope(coc.code, coc.message))
  return `HTTP/1.1 ${coc.status} ${STATUS_CODES[coc.status]}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n${extraHeaders}` +
    `Connection: close\r\n\r\n${body}`
}

/** The envelope for every error, unknown routes and wrong methods included, and the request log line. */
export function installErrorHandler (app: FastifyInstance): void {
  app.decorateReply('cocErrorCode', null)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    void sendError(reply, new CocError('unknownRoute', `no such route: ${request.method} ${request.url.split('?')[0]}`))
  })
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}
