import type { IncomingHttpHeaders, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { RouteOptions } from 'fastify'
import type { Authenticator } from '../auth/authenticate.js'
import type { Journal } from '../admin/journal.js'
import type { Faults } from '../admin/faults.js'
import { JSON_TYPE } from '../errors.js'
import { SUCCESS_CODE } from '../schemas/common.js'
import type { DetailView } from '../incident/detail-cache.js'
import { requestId } from '../request-id.js'
import { AuthHeaders } from '../schemas/common.js'
import { IncidentNum } from '../schemas/incident.js'
import { hundredths, type RequestLog } from './request-log.js'

const PREFIX = '/v1/external/incident/'
// Unreserved characters only: such a path segment is its own decoded value, with nothing the
// router would treat differently (no percent escapes, query, fragment or delimiter).
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]+$/

// The route's checks of its path parameter and headers (IncidentNumParams, AuthHeaders), as they
// fall out for what reaches them here: a plain segment has no control character and as many
// characters as code points, and a header's value is text, one character a byte. What is left of
// the schemas is a length each; test/plugins/fast-detail.test.ts holds them to the compiled ones.
const MOST_NUM = IncidentNum.maxLength!
const LEAST_TOKEN = AuthHeaders.properties['x-auth-token'].minLength!

/** Whether the detail route's schemas take this ticket number (a plain segment) and these headers. */
export function routeTakes (incidentNum: string, headers: IncomingHttpHeaders): boolean {
  const token = headers['x-auth-token']
  return incidentNum.length <= MOST_NUM && (token === undefined || token.length >= LEAST_TOKEN)
}

interface FastDetailParts {
  auth: Authenticator
  details: DetailView
  journal: Journal
  faults: Faults
  log: RequestLog
}

/**
 * The detail route's common case, answered before fastify sees the request: a GET of a ticket
 * number with valid credentials, no body, no armed fault, and a ticket the caller's domain has.
 * That is most of what a client sends, and fastify's routing, hooks and reply cost more than
 * the rest of the answer. The answer is the one fastify would send, byte for byte: the same
 * body (the detail view's), the same headers in the same order, the same request id, the same
 * journal entry and access line. Anything else, every error included, goes to fastify, which
 * answers it as it always has; a request the lane declines costs a few string checks.
 */
export class FastDetail {
  private parts: FastDetailParts | null = null
  // Other routes under the same prefix (create, handle, ...): a GET of one is fastify's 405.
  private readonly taken = new Set<string>()
  /** Whether the lane answers; while not, fastify answers every request. */
  active = false
  /** Requests answered here rather than by fastify. */
  answered = 0

  /** Starts answering (once the app is ready), with what it needs of the app. */
  open (parts: FastDetailParts): void {
    this.parts = parts
    this.active = true
  }

  /** Stops answering: a closing app answers new requests itself (503). */
  close (): void {
    this.active = false
  }

  /** Answers the request and returns true, or returns false and leaves it untouched. */
  answer (req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.active || req.method !== 'GET') return false
    const parts = this.parts!
    if (parts.faults.size > 0) return false
    const url = req.url!
    if (!url.startsWith(PREFIX)) return false
    const started = performance.now()
    const incidentNum = url.slice(PREFIX.length)
    const headers = req.headers
    // An HTTP/1.1 request without Host, or one with a body, is fastify's to answer or read.
    if (headers.host === undefined || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return false
    if (!PLAIN_SEGMENT.test(incidentNum) || this.taken.has(incidentNum)) return false
    if (!routeTakes(incidentNum, headers)) return false
    let domainId: string
    try {
      const identity = parts.auth.identify({ method: 'GET', url, headers })
      if (identity.signature !== null) parts.auth.verify(identity.signature, { method: 'GET', url, headers, body: undefined })
      domainId = identity.principal.domainId
    } catch {
      return false
    }
    let body: Buffer | undefined
    try {
      body = parts.details.bytes(domainId, incidentNum)
    } catch {
      // A ticket that cannot be shown (a damaged row in a --db file): fastify answers and logs the 500.
      return false
    }
    if (body === undefined) return false
    const id = requestId(req)
    res.writeHead(200, { 'x-request-id': id, 'content-type': JSON_TYPE, 'content-length': String(body.length) })
    res.end(body)
    this.answered++
    const ms = hundredths(performance.now() - started)
    // With the log's lines owed by the journal, the entry holds what the access line shows: the
    // line is written from it, later.
    const owed = parts.log.defers
    if (parts.journal.capacity > 0) {
      const entry = {
        requestId: id,
        method: 'GET',
        url,
        headers: req.rawHeaders.join('\n'),
        body: undefined,
        status: 200,
        errorCode: SUCCESS_CODE,
        incidentNum,
        domainId,
        durationMs: ms,
        faultId: undefined
      }
      if (owed) parts.journal.recordOwingLine(entry)
      else parts.journal.record(entry)
    }
    if (!owed) parts.log.line(id, 'GET', url, 200, SUCCESS_CODE, domainId, ms)
    return true
  }

  /** fastify's onRoute: the static routes under the prefix are not ticket numbers. */
  readonly onRoute = (route: RouteOptions): void => {
    if (route.url.startsWith(PREFIX) && !route.url.includes(':')) this.taken.add(route.url.slice(PREFIX.length))
  }

  /**
   * Puts the lane in front of the request handler fastify gave its HTTP server. (fastify's
   * `serverFactory` would do it too, but a factory's server is the only one: with it, a host that
   * names both loopback addresses, such as localhost, would be listened on one of them alone.)
   */
  install (server: Server): void {
    const handlers = server.listeners('request') as RequestListener[]
    server.removeAllListeners('request')
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.answer(req, res)) return
      for (const handler of handlers) handler(req, res)
    })
  }
}
