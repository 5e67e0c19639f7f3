import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope, ResetQuery, ResetResult } from '../../schemas/admin.js'
import { seedStore } from '../../seeds/seed.js'

/** POST /__admin/reset: back to the start state. */
const resetRoutes: FastifyPluginAsyncTypebox = async app => {
  app.post('/reset', {
    schema: {
      summary: 'Back to the start state: seeded tickets (or none), no faults, empty journal, real time',
      tags: TAGS,
      querystring: ResetQuery,
      response: { 200: Envelope(ResetResult), ...AdminErrorResponses }
    }
  }, async request => {
    const started = performance.now()
    // A seeding still going on stops first: the reset seeds anew.
    await app.backgroundSeeding?.stop()
    const store = app.incidentStore
    store.clear()
    app.warRoomStore.clear()
    app.alarmStore.clear()
    const empty = request.query.empty === true
    if (empty) store.buildIndexes()
    else seedStore(store, app.fixtures, app.seeding)
    app.resetFamily()
    app.journal.clear()
    app.faults.clear(true)
    app.clock.reset()
    app.categories.reset()
    app.afterReset()
    request.log.info({ empty }, 'emulator reset')
    return success({ tickets: store.count(), seeded: !empty, ms: Math.round(performance.now() - started) })
  })
}

export default resetRoutes
