import { createAdminClient, type AdminClient } from './client/admin.js'
import { ConfigError, parseCommand, type Config } from './config.js'
import type { FixtureLists } from './schemas/fixtures.js'
import { launch } from './launch.js'
import type { Scenario } from './schemas/scenario.js'

/** The command line's settings (same names, camelCase), and fixtures and scenarios also as objects. */
export interface EmulatorOptions extends Partial<Omit<Config, 'fixtures' | 'scenario'>> {
  /** A fixtures folder, or lists that replace the default ones (the others stay). */
  fixtures?: string | FixtureLists
  /** Scenario files and/or objects, loaded at start and on every reset. */
  scenario?: string | Scenario | ReadonlyArray<string | Scenario>
  /** Where JSON log lines go when `logLevel` is not `silent` (the default here); stdout otherwise. */
  logStream?: { write (line: string): unknown }
}

/** A running emulator. */
export interface Emulator {
  /** Its base URL, e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  /** The typed control-plane client, bound to this emulator. */
  admin: AdminClient
  /** Stops listening (the port is free once this resolves) and closes the database. */
  close (): Promise<void>
}

// The settings a test gets without asking: a free port and no log lines in the test's output.
const EMBEDDED_DEFAULTS = { port: 0, logLevel: 'silent' } as const

const FLAG_OF: Record<string, string> = {
  port: 'port', host: 'host', db: 'db', seed: 'seed', tickets: 'tickets', auth: 'auth', logLevel: 'log-level',
  logFormat: 'log-format', adminToken: 'admin-token', journalSize: 'journal-size', detailCache: 'detail-cache', adminAccess: 'admin-access', readyFile: 'ready-file'
}

/** The options checked by the command line's own rules, so that both refuse the same values. */
function settingsOf (options: EmulatorOptions): Config {
  const argv: string[] = []
  for (const [key, value] of Object.entries({ ...EMBEDDED_DEFAULTS, ...options })) {
    const flag = FLAG_OF[key]
    if (flag !== undefined && value !== undefined) argv.push(`--${flag}=${String(value)}`)
  }
  try {
    const command = parseCommand(argv, {})
    return (command as { config: Config }).config
  } catch (err) {
    throw new ConfigError((err as Error).message.replace(/^--([a-z-]+)/, (_match, flag: string) =>
      Object.keys(FLAG_OF).find(key => FLAG_OF[key] === flag) as string))
  }
}

/**
 * Starts an emulator in this process, as the command line does: `await startEmulator()` gives
 * one on a free loopback port with the seeded tickets; `close()` releases the port and the database.
 */
export async function startEmulator (options: EmulatorOptions = {}): Promise<Emulator> {
  const config = settingsOf(options)
  const scenario = options.scenario === undefined ? [] : Array.isArray(options.scenario) ? options.scenario : [options.scenario]
  const running = await launch({
    ...config,
    watch: options.watch === true,
    fixtures: options.fixtures,
    scenario: scenario as Array<string | Scenario>
  }, options.logStream === undefined ? {} : { logStream: options.logStream })
  let closing: Promise<void> | undefined
  return {
    url: running.url,
    port: running.port,
    admin: createAdminClient(running.url, config.adminToken === undefined ? {} : { token: config.adminToken }),
    close: async () => { await (closing ??= running.close()) }
  }
}
