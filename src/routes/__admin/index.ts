import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import alarmAdminRoutes from './alarms.js'
import clockRoutes from './clock.js'
import dashboardRoutes from './dashboard.js'
import faultRoutes from './faults.js'
import requestRoutes from './requests.js'
import resetRoutes from './reset.js'
import ticketRoutes from './tickets.js'

/** The control plane behind its access rule: one file per resource, as the URLs are. */
const adminRoutes: FastifyPluginAsyncTypebox = async app => {
  await app.register(resetRoutes)
  await app.register(ticketRoutes)
  await app.register(requestRoutes)
  await app.register(faultRoutes)
  await app.register(clockRoutes)
  await app.register(dashboardRoutes)
  await app.register(alarmAdminRoutes)
}

export default adminRoutes
