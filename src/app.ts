import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createAuthenticator } from './auth/authenticate.js'
import type { AdminAccessMode, AuthMode, LogLevel } from './config.js'
import type { Fixtures } from './fixtures.js'
import { VERSION } from './version.js'
import { clientErrorHandler, DEFAULT_BODY_LIMIT, frameworkErrors, installErrorHandler } from './plugins/error-handler.js'
import { lazyChildLogger, RequestLog } from './plugins/request-log.js'
import type { LogSink } from './log-batch.js'
import { methodNotAllowed } from './plugins/method-not-allowed.js'
import { named } from './plugins/named.js'
import { installNodeAnswers, NODE_SERVER_OPTIONS } from './plugins/node-answers.js'
import { FastDetail } from './plugins/fast-detail.js'
import { requestId } from './request-id.js'
import type { IncidentStore } from './stores/incident-store.js'
import { createDetailView, type DetailView } from './incident/detail-cache.js'
import type { IncidentService } from './incident/service.js'
import { decorateIncidentFamily } from './warroom/family.js'
import { createAdminAccess } from './admin/access.js'
import { Clock } from './admin/clock.js'
import { Journal } from './admin/journal.js'
import { DEFAULT_JOURNAL_SIZE } from './schemas/admin.js'
import { isControlPath } from './admin/request-facts.js'
import { authenticate, decorateAuthentication } from './plugins/authentication.js'
import { installDropNulls } from './plugins/drop-nulls.js'
import { createFaults, installFaultInjection } from './plugins/fault-injection.js'
import { installJournal, journalRecorder } from './plugins/request-journal.js'
import { compileLazily, lazySerializerCompiler } from './plugins/lazy-compilers.js'
import { installJsonBody } from './plugins/json-body.js'
import { installGetBody } from './plugins/get-body.js'
import { lazyValidatorCompiler, validatorCompiler } from './validation.js'
import { openApiDocument, registerOpenApi } from './plugins/openapi.js'
import { OpenApiDocumentSchema } from './schemas/openapi.js'
import type { BackgroundSeeding, SeedOptions } from './seeds/seed.js'
import { createCategoryRegistry, type CategoryRegistry } from './incident/categories.js'
import { onDutyLookup } from './incident/schedule.js'
import { openCategoryStore } from './stores/category-store.js'
import adminRoutes from './routes/__admin/index.js'
import healthRoutes from './routes/__admin/health.js'
import uiRoutes, { rootRedirect, type UiOptions } from './routes/__admin/ui.js'
import incidentRoutes from './routes/v1/external/incident/index.js'
import incidentTicketsRoutes from './routes/v1/incident-tickets/index.js'
import listHistoriesRoutes from './routes/v1/ticket-type/list-histories.js'
import v2IncidentRoutes from './routes/v2/incidents/index.js'
import iamRoutes from './routes/v3/index.js'
import { createApplicationService, type ApplicationService } from './application/service.js'
import { openApplicationStore } from './stores/application-store.js'
import { seedApplications } from './seeds/seed.js'
import type { Directory } from './incident/views/detail.js'
import applicationRoutes from './routes/v1/applications/index.js'
import attachmentRoutes from './routes/v1/attachments/index.js'
import { createAttachmentService, type AttachmentService } from './attachment/service.js'
import { openAttachmentStore } from './stores/attachment-store.js'
import { attachmentParamsError } from './attachment/references.js'
import warRoomRoutes from './routes/v1/external/warrooms/index.js'
import alarmRoutes from './routes/v1/alarm-mgmt/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    incidentStore: IncidentStore
    details: DetailView
    incidentService: IncidentService
    fixtures: Fixtures
    emulatorVersion: string
    startedAt: number
    /** The emulator's clock (frozen or shifted by /__admin/clock). */
    clock: Clock
    /** What /__admin/reset seeds. */
    seeding: SeedOptions
    authMode: AuthMode
    /** What /__admin/reset does once the seeded state is back. */
    afterReset: () => void
    /** The incident categories tickets may have (presets, fixtures, inserted). */
    categories: CategoryRegistry
    /** The application registry (/v1/applications), on the incident store's connection. */
    applicationService: ApplicationService
    /** Uploaded files (/v1/.../attachments), on the incident store's connection. */
    attachmentService: AttachmentService
    /** Where tickets' names come from: the fixtures' users and the application registry. */
    directory: Directory
    /** Empties the rest of the family's stores and seeds them again (/__admin/reset). */
    resetFamily: () => void
    /** The detail route's common case, answered before fastify (src/plugins/fast-detail.ts). */
    fastDetail: FastDetail
    /** Synthetic tickets still going in after the emulator listens (src/seeds/seed.ts), or null. */
    backgroundSeeding: BackgroundSeeding | null
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
  /** MiB the rendered detail bodies may hold (see src/incident/detail-cache.ts). */
  detailCacheMiB?: number
  /** Sees every route as it is registered. */
  onRoute?: (route: RouteOptions) => void
  /** Where the dashboard's built assets are (default dist/ui). */
  ui?: UiOptions
}

// Secrets never reach a log line, whatever a future serializer adds.
const REDACTED_PATHS = [
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers["x-security-token"]',
  'headers["x-auth-token"]',
  'headers.authorization',
  'headers["x-security-token"]'
]

/** Builds the whole emulator without listening, so tests drive it with `inject`. */
export async function buildApp (options: AppOptions): Promise<FastifyInstance> {
  const clock = new Clock(options.now)
  const journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE)
  const journalRequest = journalRecorder(journal)
  const faults = createFaults(journalRequest)
  const auth = createAuthenticator(options.auth, options.fixtures, options.now)
  // The access line and the journal are both written as the answer goes out.
  const requestLog = new RequestLog(options.log?.stream ?? null, options.log?.level ?? 'silent', (request, reply) => {
    // Control-plane calls are not COC calls: the journal leaves them out.
    if (journal.capacity > 0 && !request.faultDropped && !isControlPath(request.url)) journalRequest(request, reply, reply.statusCode)
  }, journal)
  // The detail route's common case is answered before fastify (src/plugins/fast-detail.ts).
  const fastDetail = new FastDetail()
  const app = Fastify({
    logger: options.log === undefined
      ? false
      : { level: options.log.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream: options.log.stream },
    logController: requestLog,
    genReqId: requestId,
    // A request's child logger is built only if the request logs (src/plugins/request-log.ts).
    childLoggerFactory: lazyChildLogger,
    // COC allows 255-character ticket numbers; the router's default limit (100) would answer
    // 414 before the schema could name the field. Node's 16 KiB header limit still applies.
    routerOptions: { maxParamLength: 16 * 1024 },
    // Stated, not left to fastify's default, so that the 413 message and the limit agree.
    bodyLimit: DEFAULT_BODY_LIMIT,
    http: NODE_SERVER_OPTIONS,
    frameworkErrors,
    clientErrorHandler
  }).withTypeProvider<TypeBoxTypeProvider>()

  // The registries live in the incident store's database; the views read their names through
  // the app's own directory (the fixture objects may be shared by several apps).
  const categories = createCategoryRegistry(openCategoryStore(options.store.database), options.fixtures.categories)
  const fixtures = { ...options.fixtures, categoryNames: categories }
  const applicationStore = openApplicationStore(options.store.database)
  const attachmentStore = openAttachmentStore(options.store.database)
  const applicationService = createApplicationService(applicationStore, () => clock.now())
  seedApplications(options.store, applicationService, options.fixtures)
  const directory: Directory = { users: options.fixtures.users, applications: applicationService.names, categoryNames: categories }
  app.decorate('incidentStore', options.store)
  app.decorate('fixtures', fixtures)
  app.decorate('categories', categories)
  app.decorate('applicationService', applicationService)
  app.decorate('directory', directory)
  const attachmentService = createAttachmentService(attachmentStore, () => clock.now())
  app.decorate('attachmentService', attachmentService)
  app.decorate('resetFamily', () => {
    attachmentStore.clear()
    applicationStore.clear()
    seedApplications(options.store, applicationService, options.fixtures)
  })
  app.decorate('details', createDetailView(options.store, directory, {
    // Unset, the view's own default.
    maxBytes: options.detailCacheMiB === undefined ? undefined : options.detailCacheMiB * 1024 * 1024,
    // Every walk, the one after a reset too; one ended by a newer one says nothing.
    onWarmed: (rendered, ms) => { app.log.debug({ rendered, ms: Math.round(ms) }, `${rendered} ticket details rendered ahead of their first read`) },
    directoryChanges: listener => applicationStore.subscribe(listener),
    secondReadWhenFull: true
  }))
  // The incident service and the war rooms and alarms around it (src/warroom/family.ts).
  decorateIncidentFamily(app, options.store, options.fixtures, () => clock.now(), {
    categories,
    onDuty: onDutyLookup(options.fixtures.schedules),
    // Workflow steps may name uploads (attachments, resolve_attachments): each must be the domain's.
    checkParams: (principal, params) => attachmentParamsError(params, ids => attachmentService.missing(principal.domainId, ids))
  })
  app.decorate('clock', clock)
  app.decorate('seeding', options.seeding ?? { seed: 1, tickets: 1000 })
  app.decorate('afterReset', () => options.afterReset?.(app))
  app.decorate('emulatorVersion', VERSION)
  app.decorate('authMode', options.auth)
  app.decorate('startedAt', performance.now())
  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute)

  // The stages every request passes, in order:
  // 1. one Ajv setup for every schema, with the value checks (src/validation.ts);
  app.setValidatorCompiler(validatorCompiler())
  // 2. the envelope on every answer, errors and unknown routes included, and on the answers
  //    Node's own HTTP server would write (no Host, a bad Expect, CONNECT);
  installErrorHandler(app)
  installNodeAnswers(app)
  // 3. JSON bodies: kept as bytes for signatures, empty is none, too deep is refused;
  installJsonBody(app)
  installGetBody(app)
  // 4. the journal (written with the access line), then faults, which act before credentials
  //    are looked at, as a failing gateway would;
  installJournal(app, journal)
  installFaultInjection(app, faults)
  decorateAuthentication(app)
  // 5. the wrong-method refusal and the OpenAPI document see every route as it is added.
  const guard = methodNotAllowed()
  guard.collect(app)
  app.addHook('onRoute', fastDetail.onRoute)
  await registerOpenApi(app)

  // The COC API: credentials first, then explicit nulls dropped, then the routes.
  await app.register(named(async function cocApi (coc) {
    // Each route's validators are compiled on its first request (the same Ajv setup and checks),
    // and its serializers on its first answer (fastify's own): compiling the whole family's up
    // front was most of building the app.
    coc.setValidatorCompiler(lazyValidatorCompiler())
    coc.setSerializerCompiler(lazySerializerCompiler())
    authenticate(coc, auth)
    installDropNulls(coc)
    await coc.register(named(incidentRoutes), { prefix: '/v1/external/incident' })
    await coc.register(named(incidentTicketsRoutes), { prefix: '/v1/incident-tickets' })
    await coc.register(named(listHistoriesRoutes))
    await coc.register(named(v2IncidentRoutes), { prefix: '/v2/incidents' })
    // IAM discovery, so that clients given only AK/SK find their domain and project here.
    await coc.register(named(iamRoutes), { prefix: '/v3' })
    await coc.register(named(applicationRoutes))
    await coc.register(named(attachmentRoutes))
    await coc.register(named(warRoomRoutes), { prefix: '/v1/external/warrooms' })
    await coc.register(named(alarmRoutes), { prefix: '/v1/alarm-mgmt' })
  }))
  // The control plane: health open to all, the rest behind the access rule.
  await app.register(named(healthRoutes), { prefix: '/__admin' })
  const adminAccess = createAdminAccess(options.adminToken, options.adminAccess)
  await app.register(named(async function controlPlane (admin) {
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
    await admin.register(named(adminRoutes))
    await admin.register(named(uiRoutes), options.ui ?? {})
  }), { prefix: '/__admin' })
  await app.register(named(rootRedirect))
  app.get('/openapi.json', {
    schema: { summary: 'This OpenAPI document', tags: ['control plane'], response: { 200: OpenApiDocumentSchema } }
  }, async request => openApiDocument(app, `${request.protocol}://${request.host}`))
  await app.register(named(guard.install, 'method-not-allowed'))
  app.decorate('fastDetail', fastDetail)
  fastDetail.install(app.server)
  app.decorate('backgroundSeeding', null)
  app.addHook('onReady', done => {
    fastDetail.open({ auth, details: app.details, journal, faults, log: requestLog })
    done()
  })
  app.addHook('preClose', done => {
    fastDetail.close()
    app.details.stopWarming()
    done()
  })
  return app
}
