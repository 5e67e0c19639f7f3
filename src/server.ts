#!/usr/bin/env node
// First: its tick is queued before the rest of this code runs (see keep-tick.ts).
import './keep-tick.js'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { VERSION } from './app.js'
import { helpText, parseCommand, type Config, type ConfigError } from './config.js'
import { FixtureError } from './fixtures.js'
import { launch, logDestination, type Running } from './launch.js'
import type { LogSink } from './log-batch.js'
import { ScenarioError } from './scenario.js'

export type { Running }
export { logDestination }

interface StartOptions {
  /** Where log lines go (JSON lines); stdout by default. */
  logStream?: LogSink
  /** Told the URL as soon as the emulator listens, before any log line. */
  onListening?: (url: string) => void
  /** Listen before a large in-memory seeding ends (see LaunchOptions). */
  seedInBackground?: boolean
}

/** Starts the emulator the command line describes (startEmulator() starts through the same launch()). */
export async function start (config: Config, options: StartOptions = {}): Promise<Running> {
  return await launch(config, options)
}

/** The command line: returns the exit code, or undefined while the server runs. */
interface Io {
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
    // The URL is the first line on stdout, so that a script can read it (with --port 0 too).
    // A large seeding goes on while the emulator answers; /__admin/health says when it is done.
    running = await start(config, { onListening: url => io.stdout.write(url + '\n'), seedInBackground: true })
  } catch (err) {
    const reason = err instanceof FixtureError ? `fixtures: ${err.message}` : err instanceof ScenarioError ? `scenario: ${err.message}` : (err as Error).message
    io.stderr.write(`coc-emulator: cannot start: ${reason}\n`)
    return 1
  }
  handleSignals(running, io, proc)
  return undefined
}

/** The parts of `process` that shutting down uses, so a test can stand in for it. */
interface Signals {
  once (signal: 'SIGTERM' | 'SIGINT', listener: (signal: string) => void): unknown
  exitCode?: number | string | null | undefined
}

const SHUTDOWN_GRACE_MS = 1000

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
