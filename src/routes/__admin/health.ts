import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CocError, success } from '../../errors.js'
import { Envelope, ErrorEnvelopeSchema, ErrorResponses } from '../../schemas/common.js'

const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptime_ms: Type.Integer(),
  tickets: Type.Integer()
})

/**
 * Readiness: the store answers and every seeded ticket is in. A large seeding may go on after the
 * emulator listens (`seedInBackground`); until it ends, health is a 503 that says how far it got.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/health', {
    schema: { summary: 'Readiness of the emulator', response: { 200: Envelope(Health), ...ErrorResponses, 503: ErrorEnvelopeSchema } }
  }, async () => {
    if (!app.incidentStore.ping()) throw new CocError('internal', 'store: the database does not answer')
    const seeding = app.backgroundSeeding
    if (seeding?.error !== undefined) {
      throw new CocError('internal', `seeding failed after ${seeding.inserted} of ${seeding.total} synthetic tickets: ${seeding.error.message}`)
    }
    if (seeding !== null && !seeding.done) {
      throw new CocError('unavailable', `seeding: ${seeding.inserted} of ${seeding.total} synthetic tickets stored so far; healthy once all are in`)
    }
    return success({
      status: 'ok' as const,
      version: app.emulatorVersion,
      uptime_ms: Math.round(performance.now() - app.startedAt),
      tickets: app.incidentStore.count()
    })
  })
}

export default healthRoutes
