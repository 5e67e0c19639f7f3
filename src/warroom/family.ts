import type { FastifyInstance } from 'fastify'
import { createAlarmService, type AlarmService } from '../alarm/service.js'
import type { Fixtures } from '../fixtures.js'
import { createIncidentService, type IncidentService, type ServiceOptions } from '../incident/service.js'
import { openAlarmStore, type AlarmStore } from '../stores/alarm-store.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { openWarRoomStore, type WarRoomStore } from '../stores/warroom-store.js'
import { createWarRoomService, type WarRoomService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    warRoomStore: WarRoomStore
    alarmStore: AlarmStore
    warRoomService: WarRoomService
    alarmService: AlarmService
  }
}

/**
 * The incident service and the rest of the family around it, on the incident store's
 * connection: war rooms close when their incident completes, alarms become incidents.
 */
export function decorateIncidentFamily (app: FastifyInstance, store: IncidentStore, fixtures: Fixtures, now: () => number, options: ServiceOptions = {}): void {
  const warRoomStore = openWarRoomStore(store.database)
  const alarmStore = openAlarmStore(store.database)
  const statusChanged = (...args: Parameters<WarRoomService['incidentStatusChanged']>) => { warRoomService.incidentStatusChanged(...args) }
  const incidentService: IncidentService = createIncidentService(store, now, { ...options, statusChanged })
  const warRoomService = createWarRoomService({
    warrooms: warRoomStore, incidents: store, service: incidentService, alarmsOf: num => alarmStore.linkedTo(num), now
  })
  app.decorate('incidentService', incidentService)
  app.decorate('warRoomStore', warRoomStore)
  app.decorate('alarmStore', alarmStore)
  app.decorate('warRoomService', warRoomService)
  app.decorate('alarmService', createAlarmService({ alarms: alarmStore, incidents: store, service: incidentService, users: fixtures.users, now }))
}
