import { delimiter } from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_TICKETS } from './seeds/generate.js'
import { LARGE_STORE } from './stores/incident-store.js'
import { AUTH_MODES, DEFAULT_JOURNAL_SIZE, MAX_JOURNAL_SIZE, type AuthMode } from './schemas/admin.js'
import { DEFAULT_DETAIL_CACHE_MIB, MAX_DETAIL_CACHE_MIB } from './incident/detail-cache.js'

export { AUTH_MODES, type AuthMode }
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = typeof LOG_LEVELS[number]
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const
export type LogFormat = typeof LOG_FORMATS[number]
const ADMIN_ACCESS_MODES = ['loopback', 'open'] as const
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
  /** MiB the rendered detail bodies may hold. */
  detailCache: number
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
  detailCache: DEFAULT_DETAIL_CACHE_MIB,
  adminAccess: 'loopback',
  scenario: [],
  watch: false,
  readyFile: undefined
}

/** Reads one setting's text, or throws ConfigError naming the flag and its rule. */
type Reader = (name: string, text: string) => string | number

function integer (min: number, max: number): Reader {
  return (name, text) => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new ConfigError(`--${name}: must be an integer from ${min} to ${max}, got "${text}"`)
    }
    return Number(text)
  }
}

function oneOf (allowed: readonly string[]): Reader {
  return (name, text) => {
    if (!allowed.includes(text)) throw new ConfigError(`--${name}: must be one of ${allowed.join(', ')}, got "${text}"`)
    return text
  }
}

function nonEmpty (name: string, text: string): string {
  if (text.trim() === '') throw new ConfigError(`--${name}: must not be empty`)
  return text
}

/**
 * Each setting's flag and environment variable (a flag wins over the variable), and how its text
 * is read: the command line's options and its parsing both come from this table.
 */
const SETTINGS = {
  port: { env: 'PORT', help: 'TCP port to listen on (0 picks a free one)', read: integer(0, 65535) },
  host: { env: 'HOST', help: 'address to listen on (0.0.0.0 in a container)', read: nonEmpty },
  db: { env: 'COC_DB', help: 'SQLite database: :memory: or a file path (kept across restarts, WAL)', read: nonEmpty },
  seed: { env: 'COC_SEED', help: 'seed of the synthetic tickets; same seed, same tickets', read: integer(0, 2 ** 31 - 1) },
  tickets: { env: 'COC_TICKETS', help: `how many synthetic tickets to generate (0..${MAX_TICKETS}); 20000 or more in memory go in while it answers, health 503 until done; from ${LARGE_STORE.from} in memory, pages beyond ${LARGE_STORE.cacheMiB} MiB live in an unnamed temporary file`, read: integer(0, MAX_TICKETS) },
  auth: { env: 'COC_AUTH', help: 'authentication: strict | permissive | off', read: oneOf(AUTH_MODES) },
  'log-level': { env: 'COC_LOG_LEVEL', help: `log level: ${LOG_LEVELS.join(' | ')}`, read: oneOf(LOG_LEVELS) },
  'log-format': { env: 'COC_LOG_FORMAT', help: 'log lines: auto (readable on a terminal, else JSON) | json | pretty', read: oneOf(LOG_FORMATS) },
  fixtures: { env: 'COC_FIXTURES', help: 'folder of fixture JSON files (users, applications, tokens, tickets)', read: nonEmpty },
  'admin-token': { env: 'COC_ADMIN_TOKEN', help: 'bearer token for /__admin from other machines (loopback needs none)', read: nonEmpty },
  'journal-size': { env: 'COC_JOURNAL_SIZE', help: `requests /__admin/requests keeps (0..${MAX_JOURNAL_SIZE})`, read: integer(0, MAX_JOURNAL_SIZE) },
  'detail-cache': { env: 'COC_DETAIL_CACHE', help: `MiB of rendered ticket details kept in memory (0..${MAX_DETAIL_CACHE_MIB}): each rendered once per change, every ticket's ahead of its first read when all fit; 0 renders every read`, read: integer(0, MAX_DETAIL_CACHE_MIB) },
  'admin-access': { env: 'COC_ADMIN_ACCESS', help: '/__admin without a token: loopback (this machine) | open (every caller)', read: oneOf(ADMIN_ACCESS_MODES) },
  // Read apart (see parseCommand): repeatable, and a flag without a value.
  scenario: { env: 'COC_SCENARIO', help: `scenario file, JSON or YAML; repeatable (variable: paths separated by "${delimiter}")`, read: 'repeatable' },
  watch: { env: 'COC_WATCH', help: 'reload the scenario files when they change (flag; variable: 1 or true)', read: 'flag' },
  'ready-file': { env: 'COC_READY_FILE', help: 'file to write the URL to once the emulator answers', read: nonEmpty }
} as const satisfies Record<string, { env: string, help: string, read: Reader | 'repeatable' | 'flag' }>
type SettingName = keyof typeof SETTINGS

/** The Config member a setting fills: `log-level` → `logLevel`. */
function configKey (name: string): keyof Config {
  return name.replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase()) as keyof Config
}

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
    const value = DEFAULTS[configKey(name)]
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

/** Options that take no value, and options that may be given more than once. */
const FLAGS = new Set<string>(Object.keys(SETTINGS).filter(name => SETTINGS[name as SettingName].read === 'flag'))
const REPEATABLE = new Set<string>(Object.keys(SETTINGS).filter(name => SETTINGS[name as SettingName].read === 'repeatable'))

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

type ParsedCommand =
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
  // In the table's order, so that the first bad setting is the one reported.
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const setting = SETTINGS[name]
    if (setting.read === 'repeatable') {
      const scenarios = values[name] as string[] | undefined
      const fromEnv = env[setting.env]
      config.scenario = scenarios ?? (fromEnv === undefined || fromEnv === '' ? [] : fromEnv.split(delimiter))
      config.scenario.forEach(file => nonEmpty(name, file))
    } else if (setting.read === 'flag') {
      const fromEnv = env[setting.env]
      if (values[name] === true) config.watch = true
      else if (fromEnv !== undefined && fromEnv !== '') config.watch = oneOf(['1', 'true', '0', 'false'])(name, fromEnv) === '1' || fromEnv === 'true'
      if (config.watch && config.scenario.length === 0) throw new ConfigError('--watch: needs at least one --scenario file to watch')
    } else {
      const text = read(name)
      if (text !== undefined) (config as unknown as Record<string, unknown>)[configKey(name)] = setting.read(name, text)
    }
  }
  return { kind: 'run', config }
}
