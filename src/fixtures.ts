import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { FixtureTicket } from './schemas/incident.js'

/** The domain (account) that owns seeded tickets and the development token. */
export const DEFAULT_DOMAIN_ID = 'coc-dev-domain'

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

/** Who a request acts as once its credentials are accepted. */
export interface Principal {
  domainId: string
  userId: string
  /** The projects of the domain these credentials may name in X-Project-Id. */
  projectIds?: readonly string[]
}

export interface Fixtures {
  users: ReadonlyMap<string, User>
  applications: ReadonlyMap<string, Application>
  tokens: ReadonlyMap<string, { principal: Principal, expiresAt: number | null }>
  credentials: ReadonlyMap<string, { secret: string, securityToken: string | null, principal: Principal }>
  tickets: readonly FixtureTicket[]
}

export class FixtureError extends Error {
  override name = 'FixtureError'
}

function load<T extends TSchema> (dir: string, file: string, schema: T): Array<Static<T>> {
  const path = join(dir, file)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new FixtureError(`${path}: ${(err as Error).message}`)
  }
  const list = Type.Array(schema)
  const error = Value.Errors(list, parsed).First()
  if (error !== undefined) {
    throw new FixtureError(`${path}: at ${error.path || '/'}: ${error.message}`)
  }
  return parsed as Array<Static<T>>
}

function parseInstant (dir: string, index: number, text: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) {
    throw new FixtureError(`${join(dir, 'tokens.json')}: at /${index}/expires_at: not an ISO 8601 instant: ${text}`)
  }
  return ms
}

export function loadFixtures (dir: string): Fixtures {
  const users = load(dir, 'users.json', User)
  const applications = load(dir, 'applications.json', Application)
  const tokens = load(dir, 'tokens.json', Token)
  const tickets = load(dir, 'tickets.json', FixtureTicket)
  const credentials = load(dir, 'credentials.json', Credential)
  return {
    users: new Map(users.map(user => [user.user_id, user])),
    applications: new Map(applications.map(app => [app.id, app])),
    tokens: new Map(tokens.map((token, i) => [token.token, {
      principal: { domainId: token.domain_id, userId: token.user_id, projectIds: token.project_ids ?? [] },
      expiresAt: token.expires_at === undefined ? null : parseInstant(dir, i, token.expires_at)
    }])),
    credentials: new Map(credentials.map(credential => [credential.ak, {
      secret: credential.sk,
      securityToken: credential.security_token ?? null,
      principal: { domainId: credential.domain_id, userId: credential.user_id, projectIds: credential.project_ids }
    }])),
    tickets
  }
}
