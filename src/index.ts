// The package's programmatic API: start an emulator from code and drive its control plane.
// First: its tick is queued before the rest of this code runs (see keep-tick.ts).
import './keep-tick.js'
export { startEmulator, type Emulator, type EmulatorOptions } from './emulator.js'
export {
  AdminError, createAdminClient, RequestExpectationError,
  type AdminClient, type AdminClientOptions, type HealthView,
  type AdminTicket, type AdminTicketView, type ClockBody, type ClockView, type FaultBody, type FaultView,
  type JournaledRequest, type RequestsFilter, type RequestsQuery, type RequestsResult, type ResetResult,
  type TicketsQuery, type TicketsResult, type Category, type CategoryView,
  type AdminApplication, type ApplicationsList, type ApplicationsQuery,
  type AdminAlarm, type AlarmInfo, type AlarmsList, type AlarmsQuery,
  type AdminWarRoomView, type WarRoomsQuery, type WarRoomsResult
} from './client/admin.js'
export type { Scenario } from './schemas/scenario.js'
export type { FixtureLists, User, Application, Token, Credential, ScheduleEntry } from './schemas/fixtures.js'
export type { Config, AuthMode, LogLevel, LogFormat, AdminAccessMode } from './config.js'
