import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { CocError, errorEnvelope, JSON_TYPE } from '../errors.js'
import { requestId } from '../request-id.js'
import { rawErrorResponse } from './error-handler.js'

/**
 * Node's own HTTP server answers some requests before fastify sees them: a bare 400 for an
 * HTTP/1.1 request without Host, a bare 417 for an Expect other than 100-continue, and a
 * closed socket for CONNECT. COC clients read `error_code` and `X-Request-Id` from every
 * answer, so these get the envelope too.
 */

/** Node's server options: a request without Host reaches the app, which refuses it itself. */
export const NODE_SERVER_OPTIONS: ServerOptions = { requireHostHeader: false }

/** The answer to an Expect the server does not know (RFC 9110, 10.1.1: 417). */
function refuseExpectation (req: IncomingMessage, res: ServerResponse): void {
  const coc = new CocError('expectationFailed', `Expect: [${req.headers.expect}] is not supported; only 100-continue is`)
  const body = JSON.stringify(errorEnvelope(coc.code, coc.message))
  // The body the client may send next is never read: the connection closes after the answer.
  res.writeHead(coc.status, {
    'content-type': JSON_TYPE,
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId(req),
    connection: 'close'
  })
  res.end(body)
}

/**
 * The answer to CONNECT: the emulator is no proxy. The socket is ours once Node emits
 * `connect`, so the answer is written by hand, then the connection is closed. The target of a
 * CONNECT is a host, not a resource of the API: it allows no methods (an empty Allow).
 */
export function refuseConnect (req: IncomingMessage, socket: Duplex): void {
  // Node stops listening for the socket's errors when it hands the socket over.
  socket.on('error', () => socket.destroy())
  const coc = new CocError('methodNotAllowed', `CONNECT ${req.url}: method not allowed; the emulator is not a proxy`)
  if (socket.writable) socket.end(rawErrorResponse(coc, requestId(req), 'Allow: \r\n'), () => socket.destroy())
  else socket.destroy()
}

/** The answers above, and the Host check Node leaves to the app (NODE_SERVER_OPTIONS). */
export function installNodeAnswers (app: FastifyInstance): void {
  app.server.on('checkExpectation', refuseExpectation)
  app.server.on('connect', refuseConnect)
  app.addHook('onRequest', (request, _reply, done) => {
    // RFC 9112, 3.2: an HTTP/1.1 request without Host is refused with 400; HTTP/1.0 may omit it.
    const { httpVersionMajor, httpVersionMinor, headers } = request.raw
    if (httpVersionMajor === 1 && httpVersionMinor === 1 && headers.host === undefined) {
      done(new CocError('validation', 'Host: header is required'))
      return
    }
    done()
  })
}
