import { delimiter } from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_TICKETS } from './seeds/generate.js'
import { AUTH_MODES, DEFAULT_JOURNAL_SIZE, MAX_JOURNAL_SIZE, type AuthMode } from './schemas/admin.js'

export { AUTH_MODES, type AuthMode }
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = typeof LOG_LEVELS[number]
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const
export type LogFormat = typeof LOG_FORMATS[number]
export const ADMIN_ACCESS_MODES = ['loopback', 'open'] as const
export type AdminAccessMode = typeof ADMIN_ACCESS_MODES[number]

export interface Config {
  port: number
  host: string
  db: string
  seed: number
  tickets: number
  auth: AuthMode
  logLevel: LogLevel
  logFormat: LogFormat
  fixtures: string | undefined
  adminToken: string | undefined
  journalSize: number
  /** Who may use /__admin without the admin token: loopback callers only, or every caller. */
  adminAccess: AdminAccessMode
  /** Scenario files (JSON or YAML) loaded at start and on every reset. */
  scenario: string[]
  /** Reload the scenario files when they change. */
  watch: boolean
  /** Written with the URL once the emulator answers. */
  readyFile: string | undefined
}

export const DEFAULTS: Config = {
  port: 8080,
  host: '127.0.0.1',
  db: ':memory:',
  seed: 1,
  tickets: 1000,
  auth: 'strict',
  logLevel: 'info',
  logFormat: 'auto',
  fixtures: undefined,
  adminToken: undefined,
  journalSize: DEFAULT_JOURNAL_SIZE,
  adminAccess: 'loopback',
  scenario: [],
  watch: false,
  readyFile: undefined
}

/** Each setting's flag and environment variable; a flag wins over the variable. */
const SETTINGS = {
  port: { env: 'PORT', help: 'TCP port to listen on (0 picks a free one)' },
  host: { env: 'HOST', help: 'address to listen on (0.0.0.0 in a container)' },
  db: { env: 'COC_DB', help: 'SQLite database: :memory: or a file path (kept across restarts, WAL)' },
  seed: { env: 'COC_SEED', help: 'seed of the synthetic tickets; same seed, same tickets' },
  tickets: { env: 'COC_TICKETS', help: `how many synthetic tickets to generate (0..${MAX_TICKETS})` },
  auth: { env: 'COC_AUTH', help: 'authentication: strict | permissive | off' },
  'log-level': { env: 'COC_LOG_LEVEL', help: `log level: ${LOG_LEVELS.join(' | ')}` },
  'log-format': { env: 'COC_LOG_FORMAT', help: 'log lines: auto (readable on a terminal, else JSON) | json | pretty' },
  fixtures: { env: 'COC_FIXTURES', help: 'folder of fixture JSON files (users, applications, tokens, tickets)' },
  'admin-token': { env: 'COC_ADMIN_TOKEN', help: 'bearer token for /__admin from other machines (loopback needs none)' },
  'journal-size': { env: 'COC_JOURNAL_SIZE', help: `requests /__admin/requests keeps (0..${MAX_JOURNAL_SIZE})` },
  'admin-access': { env: 'COC_ADMIN_ACCESS', help: '/__admin without a token: loopback (this machine) | open (every caller)' },
  scenario: { env: 'COC_SCENARIO', help: `scenario file, JSON or YAML; repeatable (variable: paths separated by "${delimiter}")` },
  watch: { env: 'COC_WATCH', help: 'reload the scenario files when they change (flag; variable: 1 or true)' },
  'ready-file': { env: 'COC_READY_FILE', help: 'file to write the URL to once the emulator answers' }
} as const
type SettingName = keyof typeof SETTINGS

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function helpText (): string {
  const lines = [
    'Usage: coc-emulator [options]',
    '',
    'A local emulator of the Huawei Cloud COC incident API.',
    '',
    'Options (each also read from the environment variable shown):'
  ]
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const key = name.replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase()) as keyof Config
    const value = DEFAULTS[key]
    const fallback = Array.isArray(value) && value.length === 0 ? 'none' : value ?? (name === 'fixtures' ? 'fixtures/ of the package' : 'none')
    lines.push(`  --${name} <value>`.padEnd(26) + `${setting.env.padEnd(17)} ${setting.help} [default: ${fallback}]`)
  }
  lines.push(
    `  -h, --help`.padEnd(26) + ''.padEnd(17) + ' show this help',
    `  -v, --version`.padEnd(26) + ''.padEnd(17) + ' show the version',
    '',
    'Development token: send "X-Auth-Token: dev-token" (see README.md).',
    'Control plane for tests: /__admin/health, reset, tickets, requests, faults, clock; API document: /openapi.json.'
  )
  return lines.join('\n')
}

function integer (name: SettingName, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ConfigError(`--${name}: must be an integer from ${min} to ${max}, got "${text}"`)
  }
  return Number(text)
}

function oneOf<T extends string> (name: SettingName, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(`--${name}: must be one of ${allowed.join(', ')}, got "${text}"`)
  }
  return text as T
}

function nonEmpty (name: SettingName, text: string): string {
  if (text.trim() === '') throw new ConfigError(`--${name}: must not be empty`)
  return text
}

/** Options that take no value, and options that may be given more than once. */
const FLAGS = new Set<string>(['watch'])
const REPEATABLE = new Set<string>(['scenario'])

/**
 * `--port -1` is one option and its (bad) value, not two options: joined as `--port=-1` it
 * gets the option's own rule in the message instead of parseArgs' "argument is ambiguous".
 */
function joinNegativeValues (argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const next = argv[i + 1]
    const name = arg.startsWith('--') ? arg.slice(2) : ''
    if (name in SETTINGS && !FLAGS.has(name) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`)
      i++
    } else {
      out.push(arg)
    }
  }
  return out
}

export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run', config: Config }

/** Reads the command line and the environment; throws ConfigError with a one-line message. */
export function parseCommand (argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommand {
  let parsed
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(SETTINGS).map(name => [name, FLAGS.has(name)
          ? { type: 'boolean' as const }
          : { type: 'string' as const, multiple: REPEATABLE.has(name) }])),
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
  } catch (err) {
    throw new ConfigError((err as Error).message.split('\n')[0])
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  if (values.help === true) return { kind: 'help' }
  if (values.version === true) return { kind: 'version' }

  const read = (name: SettingName): string | undefined => {
    const flag = values[name]
    if (typeof flag === 'string') return flag
    const fromEnv = env[SETTINGS[name].env]
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv
  }
  const config: Config = { ...DEFAULTS }
  const port = read('port')
  if (port !== undefined) config.port = integer('port', port, 0, 65535)
  const host = read('host')
  if (host !== undefined) config.host = nonEmpty('host', host)
  const db = read('db')
  if (db !== undefined) config.db = nonEmpty('db', db)
  const seed = read('seed')
  if (seed !== undefined) config.seed = integer('seed', seed, 0, 2 ** 31 - 1)
  const tickets = read('tickets')
  if (tickets !== undefined) config.tickets = integer('tickets', tickets, 0, MAX_TICKETS)
  const auth = read('auth')
  if (auth !== undefined) config.auth = oneOf('auth', auth, AUTH_MODES)
  const logLevel = read('log-level')
  if (logLevel !== undefined) config.logLevel = oneOf('log-level', logLevel, LOG_LEVELS)
  const logFormat = read('log-format')
  if (logFormat !== undefined) config.logFormat = oneOf('log-format', logFormat, LOG_FORMATS)
  const fixtures = read('fixtures')
  if (fixtures !== undefined) config.fixtures = nonEmpty('fixtures', fixtures)
  const adminToken = read('admin-token')
  if (adminToken !== undefined) config.adminToken = nonEmpty('admin-token', adminToken)
  const journalSize = read('journal-size')
  if (journalSize !== undefined) config.journalSize = integer('journal-size', journalSize, 0, MAX_JOURNAL_SIZE)
  const adminAccess = read('admin-access')
  if (adminAccess !== undefined) config.adminAccess = oneOf('admin-access', adminAccess, ADMIN_ACCESS_MODES)
  const scenarios = values.scenario as string[] | undefined
  const fromEnv = env[SETTINGS.scenario.env]
  config.scenario = scenarios ?? (fromEnv === undefined || fromEnv === '' ? [] : fromEnv.split(delimiter))
  config.scenario.forEach(file => nonEmpty('scenario', file))
  const watchEnv = env[SETTINGS.watch.env]
  if (values.watch === true) config.watch = true
  else if (watchEnv !== undefined && watchEnv !== '') config.watch = oneOf('watch', watchEnv, ['1', 'true', '0', 'false']) === '1' || watchEnv === 'true'
  if (config.watch && config.scenario.length === 0) throw new ConfigError('--watch: needs at least one --scenario file to watch')
  const readyFile = read('ready-file')
  if (readyFile !== undefined) config.readyFile = nonEmpty('ready-file', readyFile)
  return { kind: 'run', config }
}
