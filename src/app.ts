import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createAuthenticator } from './auth/authenticate.js'
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
  installEnvelope(app)

  const guard = methodNotAllowed()
  guard.collect(app)

  const authenticate = createAuthenticator(options.auth, options.fixtures.tokens, options.now)
  await app.register(async coc => {
    // Credentials are checked before anything else, as COC's gateway does.
    // Callback-style hooks: this runs on every request, and an async hook costs a promise.
    coc.addHook('onRequest', (request, _reply, done) => {
      try {
        request.principal = authenticate(request.headers)
      } catch (err) {
        done(err as Error)
        return
      }
      done()
    })
    // Explicit nulls count as absent ("some clients send null for unset optionals").
    coc.addHook('preValidation', (request, _reply, done) => {
      dropNulls(request.body)
      done()
    })
    await coc.register(incidentRoutes, { prefix: '/v1/external/incident' })
    await coc.register(incidentTicketsRoutes, { prefix: '/v1/incident-tickets' })
    await coc.register(listHistoriesRoutes)
  })
  await app.register(healthRoutes, { prefix: '/__admin' })
  await app.register(guard.install)
  return app
}
