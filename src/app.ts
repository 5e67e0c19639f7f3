import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createAuthenticator, type PendingSignature } from './auth/authenticate.js'
import type { AuthMode, LogLevel } from './config.js'
import type { Fixtures, Principal } from './fixtures.js'
import { PROJECT_ROOT } from './paths.js'
import { clientErrorHandler, frameworkErrors, installEnvelope } from './plugins/envelope.js'
import { RequestLog, type LogSink } from './plugins/request-log.js'
import { methodNotAllowed } from './plugins/method-not-allowed.js'
import { requestId } from './request-id.js'
import type { IncidentStore } from './stores/incident-store.js'
import { createDetailView, type DetailView } from './incident/detail-view.js'
import { createIncidentService, type IncidentService } from './incident/service.js'
import healthRoutes from './routes/__admin/health.js'
import incidentRoutes from './routes/v1/external/incident/index.js'
import incidentTicketsRoutes from './routes/v1/incident-tickets/index.js'
import listHistoriesRoutes from './routes/v1/ticket-type/list-histories.js'
import v2IncidentRoutes from './routes/v2/incidents/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    incidents: IncidentStore
    details: DetailView
    incidentService: IncidentService
    fixtures: Fixtures
    emulatorVersion: string
    startedAt: number
  }
  interface FastifyRequest {
    /** Who the request acts as; set by authentication on every COC route. */
    principal: Principal
    /** A signature to check once the body is read. */
    pendingSignature: PendingSignature | null
    /** The JSON body's bytes as received: signatures hash them. */
    rawBody: Buffer | undefined
  }
}

export const VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version

export interface AppOptions {
  store: IncidentStore
  fixtures: Fixtures
  auth: AuthMode
  /** Where JSON log lines go, from which level; no logging when absent. */
  log?: { level: LogLevel, stream: LogSink }
  now?: () => number
}

// Secrets never reach a log line, whatever a future serializer adds.
export const REDACTED_PATHS = [
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers["x-security-token"]',
  'headers["x-auth-token"]',
  'headers.authorization',
  'headers["x-security-token"]'
]

/** Removes null members from a JSON body and from its `parameter`/`params` map. */
export function dropNulls (body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return
  const object = body as Record<string, unknown>
  for (const key of Object.keys(object)) {
    if (object[key] === null) delete object[key]
  }
  for (const key of ['parameter', 'params']) dropNulls(object[key])
}

/** Builds the whole emulator without listening, so tests drive it with `inject`. */
export async function buildApp (options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.log === undefined
      ? false
      : { level: options.log.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream: options.log.stream },
    logController: new RequestLog(options.log?.stream ?? null, options.log?.level ?? 'silent'),
    genReqId: requestId,
    // COC allows 255-character ticket numbers; the router's default limit (100) would answer
    // 414 before the schema could name the field. Node's 16 KiB header limit still applies.
    routerOptions: { maxParamLength: 16 * 1024 },
    // TypeBox builds the schemas; checking them against the meta-schema costs start-up time.
    ajv: { customOptions: { validateSchema: false } },
    frameworkErrors,
    clientErrorHandler
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('incidents', options.store)
  app.decorate('fixtures', options.fixtures)
  app.decorate('details', createDetailView(options.store, options.fixtures))
  app.decorate('incidentService', createIncidentService(options.store, options.now ?? Date.now))
  app.decorate('emulatorVersion', VERSION)
  app.decorate('startedAt', performance.now())
  app.decorateRequest('principal', null as unknown as Principal)
  app.decorateRequest('pendingSignature', null)
  app.decorateRequest('rawBody', undefined)
  // fastify's own JSON parsing (and its refusals), keeping the bytes a signature was made over.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer
    parseJson(request, body as unknown as string, done)
  })
  installEnvelope(app)

  const guard = methodNotAllowed()
  guard.collect(app)

  const auth = createAuthenticator(options.auth, options.fixtures, options.now)
  await app.register(async coc => {
    // Credentials are checked before anything else, as COC's gateway does. Callback-style
    // hooks: they run on every request, and an async hook costs a promise.
    coc.addHook('onRequest', (request, _reply, done) => {
      try {
        const identity = auth.identify({ method: request.method, url: request.url, headers: request.headers })
        request.principal = identity.principal
        request.pendingSignature = identity.signature
      } catch (err) {
        done(err as Error)
        return
      }
      done()
    })
    coc.addHook('preValidation', (request, _reply, done) => {
      try {
        // The signature covers the body, so it is checked once the body is read.
        if (request.pendingSignature !== null) {
          auth.verify(request.pendingSignature, { method: request.method, url: request.url, headers: request.headers, body: request.rawBody })
        }
      } catch (err) {
        done(err as Error)
        return
      }
      // Explicit nulls count as absent ("some clients send null for unset optionals").
      dropNulls(request.body)
      done()
    })
    await coc.register(incidentRoutes, { prefix: '/v1/external/incident' })
    await coc.register(incidentTicketsRoutes, { prefix: '/v1/incident-tickets' })
    await coc.register(listHistoriesRoutes)
    await coc.register(v2IncidentRoutes, { prefix: '/v2/incidents' })
  })
  await app.register(healthRoutes, { prefix: '/__admin' })
  await app.register(guard.install)
  return app
}
