import type { FastifyInstance } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'
import { CocError } from '../errors.js'
import { DEFAULT_BODY_LIMIT } from './error-handler.js'

const MIB = 1024 * 1024

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
      if (error === null) request.rawBody = Buffer.concat(chunks)
      done(error, payload)
    }
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        payload.removeAllListeners('data')
        payload.resume()
        finish(new CocError('bodyTooLarge', `request body: larger than this route's limit of ${limit / MIB} MiB`))
        return
      }
      chunks.push(chunk)
    })
    payload.on('end', () => finish(null))
    payload.on('error', finish)
  })
}
