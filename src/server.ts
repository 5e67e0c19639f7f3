#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { buildApp, VERSION } from './app.js'
import { DEV_TOKEN } from './auth/authenticate.js'
import { helpText, parseCommand, type Config, type ConfigError, type LogFormat } from './config.js'
import { FixtureError, loadFixtures } from './fixtures.js'
import { DEFAULT_FIXTURES_DIR } from './paths.js'
import type { LogSink } from './plugins/request-log.js'
import { openIncidentStore, type IncidentStore } from './stores/incident-store.js'
import { seedStore } from '../seeds/seed.js'

export interface Running {
  app: FastifyInstance
  store: IncidentStore
  url: string
  close (): Promise<void>
}

export interface StartOptions {
  /** Where log lines go (JSON lines); stdout by default. */
  logStream?: LogSink
}

/**
 * Where log lines go: JSON lines, or pino-pretty's readable lines when asked or when stdout is
 * a terminal (`auto`). pino-pretty is loaded only then.
 */
export async function logDestination (format: LogFormat, isTerminal: boolean, out: NodeJS.WritableStream | 1 = 1): Promise<LogSink> {
  if (format === 'pretty' || (format === 'auto' && isTerminal)) {
    const { default: pretty } = await import('pino-pretty')
    return pretty({ colorize: isTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true, destination: out })
  }
  // Log lines are written asynchronously: a synchronous write per request halves throughput.
  // While a write is in flight the next lines queue and leave together; idle, each leaves at once.
  return pino.destination({ dest: 1, sync: false })
}

/** Opens the store, seeds it if it is new, and listens: the process is ready once this resolves. */
export async function start (config: Config, options: StartOptions = {}): Promise<Running> {
  const loaded = performance.now()
  const fixtures = loadFixtures(config.fixtures ?? DEFAULT_FIXTURES_DIR)
  const store = openIncidentStore(config.db)
  const destination = options.logStream ?? await logDestination(config.logFormat, process.stdout.isTTY === true)
  let app: FastifyInstance | undefined
  try {
    const seedOptions = { seed: config.seed, tickets: config.tickets }
    const seeding = seedStore(store, fixtures, seedOptions)
    const builtFrom = performance.now()
    app = await buildApp({
      store,
      fixtures,
      auth: config.auth,
      log: { level: config.logLevel, stream: destination },
      seeding: seedOptions,
      journalSize: config.journalSize,
      adminToken: config.adminToken
    })
    const built = performance.now()
    await app.listen({ port: config.port, host: config.host })
    const { port } = app.server.address() as AddressInfo
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
    app.log.info({
      url,
      version: VERSION,
      db: config.db,
      auth: config.auth,
      tickets: seeding.total,
      seeded: seeding.seeded,
      seed_ms: Math.round(seeding.ms),
      // performance.now() counts from the start of the process.
      build_ms: Math.round(built - builtFrom),
      listen_ms: Math.round(performance.now() - built),
      ready_ms: Math.round(performance.now()),
      modules_ms: Math.round(loaded),
      ...(seeding.seeded ? { seed: config.seed } : {})
    }, seeding.seeded
      ? `coc-emulator ${VERSION} listening on ${url}: ${seeding.total} tickets seeded (seed ${config.seed})`
      : `coc-emulator ${VERSION} listening on ${url}: ${seeding.total} tickets kept in ${config.db} (--seed and --tickets apply to a new database only)`)
    if (config.auth !== 'off') {
      // The development token is public (README); real secrets are never logged.
      // The development AK is printed, its SK only documented (README.md), as a secret would be.
      const devAk = [...fixtures.credentials.keys()][0]
      const signing = devAk === undefined ? '' : `, or sign with AK ${devAk} (its SK is in README.md)`
      app.log.info({ dev_token: DEV_TOKEN, dev_ak: devAk }, `development credentials: send "X-Auth-Token: ${DEV_TOKEN}"${signing}`)
    }
    const running = app
    return {
      app: running,
      store,
      url,
      async close () {
        await running.close()
        store.close()
      }
    }
  } catch (err) {
    await app?.close()
    store.close()
    throw err
  }
}

/** The command line: returns the exit code, or undefined while the server runs. */
export interface Io {
  stdout: Pick<NodeJS.WritableStream, 'write'>
  stderr: Pick<NodeJS.WritableStream, 'write'>
}

export async function main (argv: readonly string[], env: NodeJS.ProcessEnv, io: Io = process, proc: Signals = process): Promise<number | undefined> {
  let config: Config
  try {
    const command = parseCommand(argv, env)
    if (command.kind === 'help') {
      io.stdout.write(helpText() + '\n')
      return 0
    }
    if (command.kind === 'version') {
      io.stdout.write(VERSION + '\n')
      return 0
    }
    config = command.config
  } catch (err) {
    // parseCommand throws ConfigError only: a one-line message about one flag.
    io.stderr.write(`coc-emulator: ${(err as ConfigError).message} (see --help)\n`)
    return 2
  }

  let running: Running
  try {
    running = await start(config)
  } catch (err) {
    const reason = err instanceof FixtureError ? `fixtures: ${err.message}` : (err as Error).message
    io.stderr.write(`coc-emulator: cannot start: ${reason}\n`)
    return 1
  }
  handleSignals(running, io, proc)
  return undefined
}

/** The parts of `process` that shutting down uses, so a test can stand in for it. */
export interface Signals {
  once (signal: 'SIGTERM' | 'SIGINT', listener: (signal: string) => void): unknown
  exitCode?: number | string | null | undefined
}

export const SHUTDOWN_GRACE_MS = 1000

/** On SIGTERM or SIGINT: stop accepting, finish what is in flight, close the store, exit 0. */
export function handleSignals (running: Running, io: Io, proc: Signals = process): void {
  const stop = (signal: string): void => {
    running.app.log.info({ signal }, 'shutting down')
    // In-flight requests get a grace period; past it their connections are cut, so that the
    // process is gone within 2 s (what container runtimes expect of SIGTERM).
    setTimeout(() => running.app.server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref()
    running.close().then(() => { proc.exitCode = 0 }, (err: unknown) => {
      io.stderr.write(`coc-emulator: error while shutting down: ${(err as Error).message}\n`)
      proc.exitCode = 1
    })
  }
  proc.once('SIGTERM', stop)
  proc.once('SIGINT', stop)
}

// The entry point runs in a child process (test/server.test.ts spawns the built command).
/* c8 ignore start */
function isEntryPoint (): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), process.env).then(code => {
    if (code !== undefined) process.exitCode = code
  }, (err: unknown) => {
    process.stderr.write(`coc-emulator: ${(err as Error).stack ?? String(err)}\n`)
    process.exitCode = 1
  })
}
/* c8 ignore stop */
