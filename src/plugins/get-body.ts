import type { FastifyInstance } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'
import { CocError } from '../errors.js'
import { bodyTooLarge, DEFAULT_BODY_LIMIT } from './error-handler.js'
import { jsonDepth, MAX_JSON_DEPTH } from './json-body.js'

function announcesBody (headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length']
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined
}

/**
 * The bytes of a GET or HEAD request's body, which fastify never reads. The SDK's IAM client
 * (domain and project discovery) sends `{}` with its GET requests and signs those bytes, so the
 * signature check needs them; the route itself still ignores them. Callback-style: the hook runs
 * on every request, and an async hook costs a promise.
 */
export function installGetBody (app: FastifyInstance, limit = DEFAULT_BODY_LIMIT): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !announcesBody(request.headers)) {
      done(null, payload)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let finished = false
    const finish = (error: Error | null): void => {
      if (finished) return
      finished = true
      if (error !== null) {
        done(error, payload)
        return
      }
      const bytes = Buffer.concat(chunks)
      // The journal shows the body as JSON: the depth rule of every other body applies.
      if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        done(new CocError('validation', `request body: nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`), payload)
        return
      }
      request.rawBody = bytes
      done(null, payload)
    }
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        payload.removeAllListeners('data')
        payload.resume()
        finish(bodyTooLarge(limit))
        return
      }
      chunks.push(chunk)
    })
    payload.on('end', () => finish(null))
    payload.on('error', finish)
  })
}
