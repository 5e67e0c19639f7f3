import type { LogSink } from './plugins/request-log.js'

/** pino's asynchronous destination (sonic-boom), as far as a batch uses it. */
export interface BatchingDestination extends LogSink {
  /** sonic-boom's own batch size. */
  minLength: number
  flushSync (): void
}

/** Whether `sink` is a destination that batches its writes (pino.destination with a minLength). */
export function isBatchingDestination (sink: LogSink): sink is BatchingDestination {
  const { minLength, flushSync } = sink as Partial<BatchingDestination>
  return typeof flushSync === 'function' && typeof minLength === 'number' && minLength > 0
}

/**
 * Log lines gathered into chunks of at least `bytes` characters, or what waited `ms`, before they
 * reach the destination. sonic-boom batches as well, but it measures the whole text it holds on
 * every line it is given (the UTF-8 length of a string it keeps appending to), which cost about
 * 4 us a line at 8 KiB; here a line costs an append. Every line goes through the batch, pino's and
 * the access lines alike, so that they keep their order.
 */
export class LineBatch implements LogSink {
  private pending = ''
  private timer: NodeJS.Timeout | undefined
  private closed = false
  // A process that exits without closing the emulator still writes what waited.
  private readonly atExit = (): void => { this.flushSync() }

  constructor (private readonly out: BatchingDestination, private readonly bytes: number, private readonly ms: number) {
    process.on('exit', this.atExit)
  }

  write (line: string): boolean {
    // Once closed, a line (one written while shutting down) goes straight through.
    if (this.closed) return this.out.write(line) !== false
    this.pending += line
    if (this.pending.length >= this.bytes) this.flush()
    else this.timer ??= setTimeout(() => { this.flush() }, this.ms).unref()
    return true
  }

  /** Hands what waited to the destination. */
  flush (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.pending === '') return
    const chunk = this.pending
    this.pending = ''
    this.out.write(chunk)
  }

  /** Writes everything out before returning. */
  flushSync (): void {
    try {
      this.flush()
      this.out.flushSync()
    } catch {
      // A destination already ended or not yet open has nothing more to take.
    }
  }

  close (): void {
    process.removeListener('exit', this.atExit)
    this.flushSync()
    this.closed = true
  }
}
