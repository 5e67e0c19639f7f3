import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How often the checkpointing thread moves what the WAL holds into the database file. */
export const CHECKPOINT_MS = 50

/**
 * Pages the writing connection lets its WAL hold before it checkpoints by itself: only if the
 * checkpointing thread is gone or falls behind (SQLite's own default is 1,000).
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 10_000

// The thread's whole program: a second connection to the file, checkpointing without waiting for
// the writer (PASSIVE, https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). A failed attempt
// (the file locked for a moment) is tried again at the next tick.
const PROGRAM = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 0')
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}, workerData.ms)
`

export interface Checkpointer {
  /**
   * Why the thread ended, if it failed (the writer then checkpoints by itself): what it threw, as
   * it crossed over (better-sqlite3's errors arrive as their `code` alone).
   */
  readonly error: unknown
  /** Ends the thread (its connection closes with it). */
  stop (): Promise<void>
}

/**
 * Checkpoints a WAL database from a thread of its own. A checkpoint copies the WAL's pages into
 * the database file and syncs it; run by the writing connection, it held the event loop for the
 * commit that crossed SQLite's threshold, and it cost a tenth of a create on a file
 * (docs/benchmarks.md). The commits themselves, and so what a killed process keeps, are as
 * before. If the thread cannot open the file, the writer's own checkpoints (every
 * WRITER_AUTOCHECKPOINT_PAGES) still keep the WAL in bounds.
 */
export function startCheckpointer (file: string): Checkpointer {
  // Resolved from this module's own place: import.meta.url is also this module's URL in the
  // CommonJS bundle (scripts/bundle.mjs), where import.meta.resolve does not exist.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(PROGRAM, { eval: true, workerData: { driver, file, ms: CHECKPOINT_MS } })
  const checkpointer: { error: unknown, stop: () => Promise<void> } = {
    error: undefined,
    async stop () {
      await worker.terminate()
    }
  }
  // A thread that failed has ended; the writer checkpoints by itself from then on.
  worker.on('error', (err: unknown) => { checkpointer.error = err })
  // Never what keeps the process alive.
  worker.unref()
  return checkpointer
}
