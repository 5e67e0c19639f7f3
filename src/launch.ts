import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp, VERSION } from './app.js'
import { batchedDestination, LineBatch } from './log-batch.js'
import { DEV_TOKEN } from './auth/authenticate.js'
import { CocError } from './errors.js'
import type { Config, LogFormat } from './config.js'
import { loadFixtures, type Fixtures } from './fixtures.js'
import type { FixtureLists } from './schemas/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from './paths.js'
import type { LogSink } from './log-batch.js'
import { applyIdentities, applyState, loadScenarios, ScenarioError, type LoadedScenario } from './scenario.js'
import type { Scenario } from './schemas/scenario.js'
import { LARGE_STORE, openIncidentStore, type IncidentStore, type LargeStore } from './stores/incident-store.js'
import { seedInBackground, seedStore, type BackgroundSeeding } from './seeds/seed.js'

/** The settings of one emulator: the command line's, with fixtures and scenarios also as objects. */
export type LaunchSettings = Omit<Config, 'fixtures' | 'scenario'> & {
  fixtures: string | FixtureLists | undefined
  scenario: ReadonlyArray<string | Scenario>
}

interface LaunchOptions {
  /** Where log lines go (JSON lines); stdout by default. */
  logStream?: LogSink
  /** Told the URL as soon as the emulator listens, before any log line is written. */
  onListening?: (url: string) => void
  /**
   * Listen before a large in-memory seeding ends (BACKGROUND_FROM tickets or more): the rest goes in
   * while the emulator answers, with /__admin/health a 503 until it is in. The command line does;
   * startEmulator() waits for every ticket.
   */
  seedInBackground?: boolean
  /** Synthetic tickets a background seeding stores per turn of the event loop (tests). */
  seedChunk?: number
  /** From how many tickets an in-memory store keeps how much of itself in the process (tests; LARGE_STORE). */
  largeStore?: Readonly<LargeStore>
}

/** From this many synthetic tickets, the command line listens before they are all in. */
export const BACKGROUND_FROM = 20_000

/** How a large in-memory store keeps its pages: beyond the cache in `folder`, or all in memory and why. */
type Spill = { folder: string } | { refused: string }

/**
 * Opens the configured store. When the OS temporary folder cannot take a large in-memory store's
 * file, every page stays in the process, and the reason is returned to be logged.
 */
function openStore (config: Pick<Config, 'db' | 'tickets'>, large: Readonly<LargeStore>): { store: IncidentStore, spill?: Spill } {
  if (config.db !== ':memory:' || config.tickets < large.from) return { store: openIncidentStore(config.db) }
  try {
    return { store: openIncidentStore(config.db, { cacheMiB: large.cacheMiB }), spill: { folder: tmpdir() } }
  } catch (err) {
    return { store: openIncidentStore(config.db, { unbounded: true }), spill: { refused: (err as Error).message } }
  }
}

export interface Running {
  app: FastifyInstance
  store: IncidentStore
  url: string
  port: number
  /** Reads the scenario files again and resets to them; false (and the previous state kept) when one is bad. */
  reload (): Promise<boolean>
  close (): Promise<void>
}

/** How often --watch looks at the scenario files (polling also sees editors that replace a file). */
const WATCH_INTERVAL_MS = 200

/**
 * Log lines are written in chunks of at least this many bytes, or after LOG_FLUSH_MS. Part of a write's
 * cost does not depend on its size (the hand-off to libuv's thread and back): with 8 KiB batches a
 * detail request took 0.6 µs more of CPU than with 64 KiB ones. A line still waits at most
 * LOG_FLUSH_MS.
 */
const LOG_BATCH_BYTES = 65536
const LOG_FLUSH_MS = 10

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
  // They leave in batches of LOG_BATCH_BYTES, or after LOG_FLUSH_MS: a write per line cost a
  // third of a detail request's time (docs/benchmarks.md).
  return batchedDestination(1, LOG_BATCH_BYTES, LOG_FLUSH_MS)
}

/** Where the development AK's secret can be read, for the start-up line (the image has no README). */
function credentialsSource (fixtures: LaunchSettings['fixtures']): string {
  if (typeof fixtures === 'object' && fixtures.credentials !== undefined) return 'the fixtures option'
  const own = typeof fixtures === 'string' ? join(fixtures, 'credentials.json') : undefined
  return own !== undefined && existsSync(own) ? own : join(DEFAULT_FIXTURES_DIR, 'credentials.json')
}

function readFixtures (fixtures: LaunchSettings['fixtures']): Fixtures {
  return typeof fixtures === 'object' ? loadFixtures(DEFAULT_FIXTURES_DIR, fixtures) : loadFixtures(fixtures ?? DEFAULT_FIXTURES_DIR)
}

/** What --watch compares: a file's modification time and size ('' while it is missing). */
function fingerprint (file: string): string {
  try {
    const stat = statSync(file)
    return `${stat.mtimeMs}:${stat.size}`
  } catch {
    return ''
  }
}

/** Writes the file whole or not at all: a script polling for it never reads half a line. */
function writeReadyFile (path: string, url: string): void {
  const partial = `${path}.${process.pid}.tmp`
  writeFileSync(partial, url + '\n')
  renameSync(partial, path)
}

/**
 * Opens the store, seeds it if it is new, loads the scenarios and listens: the emulator is
 * ready once this resolves. The command line and startEmulator() both start through here.
 */
export async function launch (config: LaunchSettings, options: LaunchOptions = {}): Promise<Running> {
  const loaded = performance.now()
  const base = readFixtures(config.fixtures)
  // The live fixtures: scenario identities are added to them, over the base ones.
  const fixtures = readFixtures(config.fixtures)
  let scenarios: LoadedScenario[] = loadScenarios(config.scenario)
  applyIdentities(fixtures, base, scenarios)
  const large = options.largeStore ?? LARGE_STORE
  const { store, spill } = openStore(config, large)
  const chosen = options.logStream ?? await logDestination(config.logFormat, process.stdout.isTTY === true)
  // Our own destination batches its lines (src/log-batch.ts), and is closed with the emulator.
  const batch = chosen instanceof LineBatch ? chosen : undefined
  let app: FastifyInstance | undefined
  let background: BackgroundSeeding | undefined
  try {
    const seedOptions = { seed: config.seed, tickets: config.tickets }
    const seedingFrom = performance.now()
    background = options.seedInBackground === true && config.db === ':memory:' && config.tickets >= BACKGROUND_FROM
      ? seedInBackground(store, fixtures, seedOptions, options.seedChunk)
      : undefined
    const seeding = background === undefined ? seedStore(store, fixtures, seedOptions) : { seeded: true, ms: performance.now() - seedingFrom }
    const builtFrom = performance.now()
    app = await buildApp({
      store,
      fixtures,
      auth: config.auth,
      log: { level: config.logLevel, stream: chosen },
      seeding: seedOptions,
      journalSize: config.journalSize,
      detailCacheMiB: config.detailCache,
      adminToken: config.adminToken,
      adminAccess: config.adminAccess,
      afterReset: target => {
        try {
          applyState(target, scenarios)
        } catch (err) {
          // Only a reload can get here (a scenario that start-up accepted applies again after a
          // reset): the caller gets a 409 naming the file, not an internal error. A store with
          // no room is the store's to answer (507).
          if (!(err instanceof ScenarioError)) throw err
          throw new CocError('conflict', err.message)
        }
      }
    })
    if (background !== undefined) {
      app.backgroundSeeding = background
      const seeded = app
      const going = background
      // A seeding stopped by a reset or a close is not done; one that failed says why.
      void going.finished.then(result => {
        if (going.error !== undefined) seeded.log.error({ err: going.error }, `seeding failed after ${going.inserted} synthetic tickets`)
        else if (going.complete) {
          seeded.log.info({ tickets: result.total, seed_ms: Math.round(result.ms) }, `seeding done: ${result.total} tickets`)
          void seeded.details.warm()
        }
      })
    }
    // A database kept from an earlier run already holds the scenario's tickets: only the clock
    // and the faults, which live in memory, are set again.
    applyState(app, seeding.seeded ? scenarios : scenarios.map(s => ({ ...s, scenario: { ...s.scenario, tickets: undefined } })))
    const built = performance.now()
    // fastify's own "Server listening" line would come before the URL line the CLI prints first.
    const level = app.log.level
    app.log.level = 'silent'
    await app.listen({ port: config.port, host: config.host })
    app.log.level = level
    const { port } = app.server.address() as AddressInfo
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
    options.onListening?.(url)
    app.log.info({
      url,
      version: VERSION,
      db: config.db,
      // A large in-memory store: where the pages beyond its cache go.
      ...(spill !== undefined && 'folder' in spill ? { pages_beyond_cache: `${spill.folder} (${large.cacheMiB} MiB kept in memory)` } : {}),
      auth: config.auth,
      tickets: store.count(),
      seeded: seeding.seeded,
      seed_ms: Math.round(seeding.ms),
      // performance.now() counts from the start of the process.
      build_ms: Math.round(built - builtFrom),
      listen_ms: Math.round(performance.now() - built),
      ready_ms: Math.round(performance.now()),
      modules_ms: Math.round(loaded),
      ...(seeding.seeded ? { seed: config.seed } : {}),
      ...(scenarios.length > 0 ? { scenarios: scenarios.map(s => s.where) } : {})
    }, background !== undefined
      ? `coc-emulator ${VERSION} listening on ${url}: seeding ${config.tickets} tickets (seed ${config.seed}) while it answers; /__admin/health is a 503 until they are in`
      : seeding.seeded
      ? `coc-emulator ${VERSION} listening on ${url}: ${store.count()} tickets seeded (seed ${config.seed})`
      : `coc-emulator ${VERSION} listening on ${url}: ${store.count()} tickets kept in ${config.db} (--seed and --tickets apply to a new database only)`)
    if (spill !== undefined && 'refused' in spill) {
      app.log.warn(`every page of the ${config.tickets} tickets stays in memory (about 900 bytes each): ` +
        `no file for the pages beyond ${large.cacheMiB} MiB could be made in the temporary folder (${spill.refused}); ` +
        'set TMPDIR to a folder on disk with room for about 900 bytes a ticket')
    }
    if (config.auth !== 'off') {
      // The development token is public (README); real secrets are never logged.
      // The development AK is printed, its SK only named by where it is kept, as a secret would be.
      const devAk = [...fixtures.credentials.keys()][0]
      const signing = devAk === undefined ? '' : `, or sign with AK ${devAk} (its SK is in ${credentialsSource(config.fixtures)})`
      app.log.info({ dev_token: DEV_TOKEN, dev_ak: devAk }, `development credentials: send "X-Auth-Token: ${DEV_TOKEN}"${signing}`)
    }
    // Every ticket's detail rendered ahead of its first read, once every ticket is in (the app
    // logs each walk at debug).
    if (background === undefined) void app.details.warm()
    const running = app
    const reload = async (): Promise<boolean> => {
      const previous = scenarios
      try {
        scenarios = loadScenarios(config.scenario)
      } catch (err) {
        running.log.error(`scenario not reloaded, the previous one stays: ${(err as Error).message}`)
        return false
      }
      applyIdentities(fixtures, base, scenarios)
      const reset = await running.inject({ method: 'POST', url: '/__admin/reset' })
      if (reset.statusCode === 200) {
        running.log.info({ scenarios: scenarios.map(s => s.where) }, 'scenario reloaded')
        return true
      }
      running.log.error(`scenario not reloaded, the previous one stays: ${(reset.json() as { error_msg: string }).error_msg}`)
      scenarios = previous
      applyIdentities(fixtures, base, scenarios)
      await running.inject({ method: 'POST', url: '/__admin/reset' })
      return false
    }
    let watcher: NodeJS.Timeout | undefined
    if (config.watch) {
      // Polled with the state seen at load time as the baseline, so that a change made right
      // after start is not taken for the first state; reloads run one at a time.
      const files = config.scenario.filter((source): source is string => typeof source === 'string')
      let seen = files.map(fingerprint).join('\n')
      let reloading: Promise<unknown> = Promise.resolve()
      watcher = setInterval(() => {
        const now = files.map(fingerprint).join('\n')
        if (now !== seen) {
          seen = now
          reloading = reloading.then(reload)
        }
      }, WATCH_INTERVAL_MS)
      watcher.unref()
    }
    if (config.readyFile !== undefined) {
      // Ready means healthy: every ticket in.
      await background?.finished
      const health = await fetch(`${url}/__admin/health`)
      await health.arrayBuffer()
      writeReadyFile(config.readyFile, url)
    }
    return {
      app: running,
      store,
      url,
      port,
      reload,
      async close () {
        clearInterval(watcher)
        await running.backgroundSeeding?.stop()
        await running.close()
        store.close()
        await batch?.close()
      }
    }
  } catch (err) {
    await background?.stop()
    await app?.close()
    store.close()
    await batch?.close()
    throw err
  }
}
