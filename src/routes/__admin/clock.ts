import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, ClockBody, ClockView, Envelope } from '../../schemas/admin.js'

/** /__admin/clock: freeze, shift or read the emulator's clock. */
const clockRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/clock', {
    schema: { summary: 'The emulator\'s clock', tags: TAGS, response: { 200: Envelope(ClockView), ...AdminErrorResponses } }
  }, async () => success(app.clock.state()))

  app.post('/clock', {
    schema: {
      summary: 'Freeze (frozen_at) and/or shift (offset_ms) the clock; replaces the previous setting',
      tags: TAGS,
      body: ClockBody,
      response: { 200: Envelope(ClockView), ...AdminErrorResponses }
    }
  }, async request => {
    app.clock.set(request.body)
    return success(app.clock.state())
  })

  app.delete('/clock', {
    schema: { summary: 'Back to real time', tags: TAGS, response: { 200: Envelope(ClockView), ...AdminErrorResponses } }
  }, async () => {
    app.clock.reset()
    return success(app.clock.state())
  })
}

export default clockRoutes
