import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { DEFAULT_FIXTURES_DIR } from './paths.js'
import { Application, Credential, ScheduleEntry, Token, User, type FixtureLists } from './schemas/fixtures.js'
import { FixtureTicket } from './schemas/incident.js'
import { Category } from './schemas/categories.js'
import type { CategoryNames } from './incident/categories.js'
import { duplicatePair } from './incident/schedule.js'

/** The domain (account) that owns seeded tickets and the development token. */
export const DEFAULT_DOMAIN_ID = 'coc-dev-domain'

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
  /** Incident categories beside COC's presets (categories.json). */
  categories: readonly Category[]
  /** The on-duty schedule (schedules.json): scene and role to user. */
  schedules: readonly ScheduleEntry[]
  /** The live category registry's names, for the views; set on the app's own copy by buildApp. */
  categoryNames?: CategoryNames
}

export class FixtureError extends Error {
  override name = 'FixtureError'
}

/** Checks a parsed list against its schema; `where` names the file or option in the message. */
function checkList<T extends TSchema> (where: string, parsed: unknown, schema: T): Array<Static<T>> {
  const error = Value.Errors(Type.Array(schema), parsed).First()
  if (error !== undefined) {
    throw new FixtureError(`${where}: at ${error.path || '/'}: ${error.message}`)
  }
  return parsed as Array<Static<T>>
}

/** The folder's file, or the default fixtures' file when the folder has none (a partial folder is enough). */
function load<T extends TSchema> (dir: string, file: string, schema: T, given: unknown): Array<Static<T>> {
  if (given !== undefined) return checkList(`fixtures.${file.replace(/\.json$/, '')}`, given, schema)
  const own = join(dir, file)
  const path = existsSync(own) ? own : join(DEFAULT_FIXTURES_DIR, file)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new FixtureError(`${path}: ${(err as Error).message}`)
  }
  return checkList(path, parsed, schema)
}

function parseInstant (where: string, text: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) {
    throw new FixtureError(`${where}: not an ISO 8601 instant: ${text}`)
  }
  return ms
}

type TokenEntry = Fixtures['tokens'] extends ReadonlyMap<string, infer V> ? V : never
type CredentialEntry = Fixtures['credentials'] extends ReadonlyMap<string, infer V> ? V : never

/** A token as authentication looks it up; `where` locates it for an error message. */
export function tokenEntry (token: Token, where: string): TokenEntry {
  return {
    principal: { domainId: token.domain_id, userId: token.user_id, projectIds: token.project_ids ?? [] },
    expiresAt: token.expires_at === undefined ? null : parseInstant(`${where}/expires_at`, token.expires_at)
  }
}

export function credentialEntry (credential: Credential): CredentialEntry {
  return {
    secret: credential.sk,
    securityToken: credential.security_token ?? null,
    principal: { domainId: credential.domain_id, userId: credential.user_id, projectIds: credential.project_ids }
  }
}

/** Loads the fixtures from a folder; files it lacks, and lists given as objects, override or fall back to the defaults. */
export function loadFixtures (dir: string, given: FixtureLists = {}): Fixtures {
  const users = load(dir, 'users.json', User, given.users)
  const applications = load(dir, 'applications.json', Application, given.applications)
  const tokens = load(dir, 'tokens.json', Token, given.tokens)
  const tickets = load(dir, 'tickets.json', FixtureTicket, given.tickets)
  const credentials = load(dir, 'credentials.json', Credential, given.credentials)
  const categories = load(dir, 'categories.json', Category, given.categories)
  const schedules = load(dir, 'schedules.json', ScheduleEntry, given.schedules)
  const twice = duplicatePair(schedules)
  if (twice !== null) throw new FixtureError(`schedules: ${twice}`)
  const tokensFrom = given.tokens !== undefined ? 'fixtures.tokens' : join(existsSync(join(dir, 'tokens.json')) ? dir : DEFAULT_FIXTURES_DIR, 'tokens.json')
  return {
    users: new Map(users.map(user => [user.user_id, user])),
    applications: new Map(applications.map(app => [app.id, app])),
    tokens: new Map(tokens.map((token, i) => [token.token, tokenEntry(token, `${tokensFrom}: at /${i}`)])),
    credentials: new Map(credentials.map(credential => [credential.ak, credentialEntry(credential)])),
    tickets,
    categories,
    schedules
  }
}
