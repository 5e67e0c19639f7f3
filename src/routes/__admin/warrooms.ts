import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listWarRooms } from '../../admin/warrooms.js'
import { success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope } from '../../schemas/admin.js'
import { WarRoomsQuery, WarRoomsResult } from '../../schemas/warroom.js'

/** /__admin/warrooms: the war rooms of every domain, for tests to inspect. */
const warRoomAdminRoutes: FastifyPluginAsyncTypebox = async app => {
  app.get('/warrooms', {
    schema: {
      summary: 'Every domain\'s war rooms (or one domain\'s), newest first',
      tags: TAGS,
      querystring: WarRoomsQuery,
      response: { 200: Envelope(WarRoomsResult), ...AdminErrorResponses }
    }
  }, async request => success(listWarRooms(
    { warrooms: app.warRoomStore, incidents: app.incidentStore, alarms: app.alarmStore },
    request.query,
    app.clock.now()
  )))
}

export default warRoomAdminRoutes
