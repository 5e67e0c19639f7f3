import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CocError, success } from '../../errors.js'
import { Envelope, ErrorResponses } from '../../schemas/common.js'

const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptime_ms: Type.Integer(),
  tickets: Type.Integer()
})

/** Readiness: the process listens only once seeding has finished, so "store answers" is enough. */
const healthRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/health', {
    schema: { summary: 'Readiness of the emulator', response: { 200: Envelope(Health), ...ErrorResponses } }
  }, async () => {
    if (!app.incidentStore.ping()) throw new CocError('internal', 'store: the database does not answer')
    return success({
      status: 'ok' as const,
      version: app.emulatorVersion,
      uptime_ms: Math.round(performance.now() - app.startedAt),
      tickets: app.incidentStore.count()
    })
  })
}

export default healthRoutes
