import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createAuthenticator, type PendingSignature } from './auth/authenticate.js'
import type { AdminAccessMode, AuthMode, LogLevel } from './config.js'
import type { Fixtures, Principal } from './fixtures.js'
import { VERSION } from './version.js'
import { clientErrorHandler, DEFAULT_BODY_LIMIT, frameworkErrors, installEnvelope } from './plugins/envelope.js'
import { RequestLog, type LogSink } from './plugins/request-log.js'
import { methodNotAllowed } from './plugins/method-not-allowed.js'
import { installNodeAnswers, NODE_SERVER_OPTIONS } from './plugins/node-answers.js'
import { requestId } from './request-id.js'
import type { IncidentStore } from './stores/incident-store.js'
import { createDetailView, type DetailView } from './incident/detail-view.js'
import { createIncidentService, type IncidentService } from './incident/service.js'
import { createAdminAccess } from './admin/access.js'
import { Clock } from './admin/clock.js'
import { Faults } from './admin/faults.js'
import { Journal } from './admin/journal.js'
import { DEFAULT_JOURNAL_SIZE } from './schemas/admin.js'
import { incidentOf, incidentOfPath, isControlPath, pathOf } from './admin/request-facts.js'
import { SUCCESS_CODE } from './errors.js'
import { compileLazily } from './plugins/lazy-compilers.js'
import { installJsonBody } from './plugins/json-body.js'
import { validatorCompiler } from './validation.js'
import { openApiDocument, registerOpenApi } from './plugins/openapi.js'
import type { SeedOptions } from '../seeds/seed.js'
import adminRoutes from './routes/__admin/index.js'
import healthRoutes from './routes/__admin/health.js'
import dashboardRoutes from './routes/__admin/dashboard.js'
import uiRoutes, { rootRedirect, type UiOptions } from './routes/__admin/ui.js'
import requestsCountRoutes from './routes/__admin/requests-count.js'
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
    /** The emulator's clock (frozen or shifted by /__admin/clock). */
    clock: Clock
    journal: Journal
    faults: Faults
    /** What /__admin/reset seeds. */
    seeding: SeedOptions
    authMode: AuthMode
    /** What /__admin/reset does once the seeded state is back. */
    afterReset: () => void
  }
  interface FastifyRequest {
    /** Who the request acts as; set by authentication on every COC route. */
    principal: Principal
    /** A signature to check once the body is read. */
    pendingSignature: PendingSignature | null
    /** The ticket a create made, for the request journal. */
    createdIncidentNum: string | undefined
    /** The injected fault that answered or delayed the request. */
    faultId: string | undefined
    /** A fault naming a ticket may apply once the body is read. */
    faultDeferred: boolean
    /** The connection was dropped by a fault (and journaled then). */
    faultDropped: boolean
  }
}

export { VERSION }

export interface AppOptions {
  store: IncidentStore
  fixtures: Fixtures
  auth: AuthMode
  /** Where JSON log lines go, from which level; no logging when absent. */
  log?: { level: LogLevel, stream: LogSink }
  /** Real time; the emulator's clock starts from it. */
  now?: () => number
  /** What /__admin/reset seeds (default: seed 1, 1000 tickets). */
  seeding?: SeedOptions
  /** Bearer token that lets /__admin be used from other machines. */
  adminToken?: string | undefined
  /** Who may use /__admin without the token (default: loopback callers). */
  adminAccess?: AdminAccessMode
  /** Runs at the end of every /__admin/reset (a scenario is loaded again). */
  afterReset?: (app: FastifyInstance) => void
  /** Requests the journal keeps (0: none). */
  journalSize?: number
  /** Sees every route as it is registered. */
  onRoute?: (route: RouteOptions) => void
  /** Where the dashboard's built assets are (default dist/ui). */
  ui?: UiOptions
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
  const clock = new Clock(options.now)
  const journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE)
  const journalRequest = (request: FastifyRequest, reply: FastifyReply, status: number | null): void => {
    journal.record({
      requestId: request.id,
      method: request.method,
      url: request.url,
      headers: request.raw.rawHeaders.join('\n'),
      body: request.rawBody,
      status,
      errorCode: status === null ? null : reply.cocErrorCode ?? SUCCESS_CODE,
      incidentNum: incidentOf(request),
      domainId: request.principal?.domainId,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      faultId: request.faultId
    })
  }
  const faults = new Faults((request, reply) => {
    request.faultDropped = true
    journalRequest(request, reply, null)
    request.log.info({ fault_id: request.faultId }, 'connection dropped by an injected fault')
  })
  const app = Fastify({
    logger: options.log === undefined
      ? false
      : { level: options.log.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream: options.log.stream },
    logController: new RequestLog(options.log?.stream ?? null, options.log?.level ?? 'silent', (request, reply) => {
      // Control-plane calls are not COC calls: the journal leaves them out.
      if (journal.capacity > 0 && !request.faultDropped && !isControlPath(request.url)) journalRequest(request, reply, reply.statusCode)
    }),
    genReqId: requestId,
    // COC allows 255-character ticket numbers; the router's default limit (100) would answer
    // 414 before the schema could name the field. Node's 16 KiB header limit still applies.
    routerOptions: { maxParamLength: 16 * 1024 },
    // Stated, not left to fastify's default, so that the 413 message and the limit agree.
    bodyLimit: DEFAULT_BODY_LIMIT,
    http: NODE_SERVER_OPTIONS,
    frameworkErrors,
    clientErrorHandler
  }).withTypeProvider<TypeBoxTypeProvider>()
  // One Ajv setup for every route, with the finite-number check (src/validation.ts).
  app.setValidatorCompiler(validatorCompiler())

  app.decorate('incidents', options.store)
  app.decorate('fixtures', options.fixtures)
  app.decorate('details', createDetailView(options.store, options.fixtures))
  app.decorate('incidentService', createIncidentService(options.store, () => clock.now()))
  app.decorate('clock', clock)
  app.decorate('journal', journal)
  app.decorate('faults', faults)
  app.decorate('seeding', options.seeding ?? { seed: 1, tickets: 1000 })
  app.decorate('afterReset', () => options.afterReset?.(app))
  app.decorate('emulatorVersion', VERSION)
  app.decorate('authMode', options.auth)
  app.decorate('startedAt', performance.now())
  app.decorateRequest('principal', null as unknown as Principal)
  app.decorateRequest('pendingSignature', null)
  app.decorateRequest('createdIncidentNum', undefined)
  app.decorateRequest('faultId', undefined)
  app.decorateRequest('faultDeferred', false)
  app.decorateRequest('faultDropped', false)
  installJsonBody(app)
  installEnvelope(app)
  installNodeAnswers(app)

  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute)
  const guard = methodNotAllowed()
  guard.collect(app)
  await registerOpenApi(app)

  // Injected faults come first, before credentials are looked at, as a failing gateway would.
  app.addHook('onRequest', (request, reply, done) => {
    if (faults.size === 0 || isControlPath(request.url)) {
      done()
      return
    }
    const inPath = incidentOfPath(request)
    const { fault, deferred } = faults.match(request.method, pathOf(request.url), inPath, inPath !== undefined)
    if (fault !== undefined) {
      faults.apply(fault, request, reply, done)
      return
    }
    request.faultDeferred = deferred
    done()
  })
  // A fault that names a ticket carried in the body (a handle, a history query) waits for the body.
  app.addHook('preValidation', (request, reply, done) => {
    if (!request.faultDeferred) {
      done()
      return
    }
    const { fault } = faults.match(request.method, pathOf(request.url), incidentOf(request), true)
    if (fault === undefined) done()
    else faults.apply(fault, request, reply, done)
  })
  // Shutting down finishes the requests in flight: delayed ones go on at once.
  app.addHook('preClose', done => {
    faults.flushDelays()
    done()
  })

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
  const adminAccess = createAdminAccess(options.adminToken, options.adminAccess)
  await app.register(async admin => {
    compileLazily(admin)
    admin.addHook('onRequest', (request, _reply, done) => {
      try {
        adminAccess(request)
      } catch (err) {
        done(err as Error)
        return
      }
      done()
    })
    await admin.register(adminRoutes)
    await admin.register(dashboardRoutes)
    await admin.register(uiRoutes, options.ui ?? {})
    await admin.register(requestsCountRoutes)
  }, { prefix: '/__admin' })
  await app.register(rootRedirect)
  app.get('/openapi.json', {
    schema: { summary: 'This OpenAPI document', tags: ['control plane'] }
  }, async () => openApiDocument(app))
  await app.register(guard.install)
  return app
}
