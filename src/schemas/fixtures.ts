import { Type, type Static } from '@sinclair/typebox'
import type { Category } from './categories.js'
import type { FixtureTicket } from './incident.js'

// The entries of the fixture files (users.json, applications.json, tokens.json, credentials.json,
// schedules.json), as they are checked when loaded; docs/contract-notes.md describes the files.

export const User = Type.Object({
  user_id: Type.String({ minLength: 1, maxLength: 255 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  name_zh: Type.Optional(Type.String({ minLength: 1, maxLength: 255 }))
})
export type User = Static<typeof User>

export const Application = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  name_zh: Type.String({ minLength: 1, maxLength: 255 }),
  name_en: Type.String({ minLength: 1, maxLength: 255 })
})
export type Application = Static<typeof Application>

export const Token = Type.Object({
  token: Type.String({ minLength: 1 }),
  domain_id: Type.String({ minLength: 1 }),
  project_ids: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  user_id: Type.String({ minLength: 1 }),
  expires_at: Type.Optional(Type.String({ minLength: 1, description: 'ISO 8601 instant' })),
  description: Type.Optional(Type.String())
})
export type Token = Static<typeof Token>

/** AK/SK credentials; `security_token` makes them temporary (X-Security-Token must be sent and signed). */
export const Credential = Type.Object({
  ak: Type.String({ minLength: 1 }),
  sk: Type.String({ minLength: 1 }),
  security_token: Type.Optional(Type.String({ minLength: 1 })),
  domain_id: Type.String({ minLength: 1 }),
  project_ids: Type.Array(Type.String({ minLength: 1 })),
  user_id: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String())
})
export type Credential = Static<typeof Credential>

/** One line of the on-duty schedule: who takes a ticket assigned by this scene and role. */
export const ScheduleEntry = Type.Object({
  scene: Type.String({ minLength: 1, maxLength: 255, description: 'assignee_scene of a create' }),
  role: Type.String({ minLength: 1, maxLength: 255, description: 'assignee_role of a create' }),
  user_id: Type.String({ minLength: 1, maxLength: 255, description: 'the user on duty' }),
  description: Type.Optional(Type.String())
})
export type ScheduleEntry = Static<typeof ScheduleEntry>

/** Fixture lists given as objects (the programmatic API); each one given replaces that file. */
export interface FixtureLists {
  users?: User[]
  applications?: Application[]
  tokens?: Token[]
  tickets?: FixtureTicket[]
  credentials?: Credential[]
  categories?: Category[]
  schedules?: ScheduleEntry[]
}
