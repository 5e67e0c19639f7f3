import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import { rejectUnknownKeys } from '../../admin/unknown-keys.js'
import { named } from '../../plugins/named.js'
import categoryRoutes from './categories.js'
import applicationAdminRoutes from './applications.js'
import alarmAdminRoutes from './alarms.js'
import clockRoutes from './clock.js'
import dashboardRoutes from './dashboard.js'
import faultRoutes from './faults.js'
import requestRoutes from './requests.js'
import resetRoutes from './reset.js'
import ticketRoutes from './tickets.js'
import warRoomAdminRoutes from './warrooms.js'

/** The control plane behind its access rule: one file per resource, as the URLs are. */
const adminRoutes: FastifyPluginAsyncTypebox = async app => {
  // Every control-plane body is refused with the field named when it carries a member its schema
  // does not know (after the schema's own checks, before the handler).
  app.addHook('preHandler', async request => {
    const body = request.routeOptions.schema?.body as TSchema | undefined
    if (body !== undefined) rejectUnknownKeys(body, request.body)
  })
  await app.register(named(resetRoutes))
  await app.register(named(ticketRoutes))
  await app.register(named(requestRoutes))
  await app.register(named(faultRoutes))
  await app.register(named(clockRoutes))
  await app.register(named(dashboardRoutes))
  await app.register(named(categoryRoutes))
  await app.register(named(applicationAdminRoutes))
  await app.register(named(alarmAdminRoutes))
  await app.register(named(warRoomAdminRoutes))
}

export default adminRoutes
