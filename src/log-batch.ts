import { pino } from 'pino'
import type { LogSink } from './plugins/request-log.js'
import { MAX_UTF8_PER_UNIT, type TextBuffer } from './text-buffer.js'

/** What a batch writes to: pino's asynchronous destination in buffer mode (sonic-boom). */
export interface ByteDestination {
  /** Queues a chunk; written at once when the queue reaches the destination's minLength. */
  write (chunk: Buffer): unknown
  /**
   * Starts writing what is queued, whatever its size; `done`, when given, is called once all of
   * it is written (a write under way included), with the error that stopped it if one did.
   */
  flush (done?: (err?: Error | null) => void): void
  /** Writes what is queued before returning (not a write already under way). */
  flushSync (): void
}

/** How long closing waits for the destination to write what it holds. */
const CLOSE_WAIT_MS = 2000

/**
 * Log lines gathered into chunks of `bytes` bytes or more, or what waited `ms`, before they reach
 * the destination, whose minLength should be `bytes` (batchedDestination). Each line is encoded
 * into the chunk as it comes, while it is fresh: when lines were joined into one string instead,
 * the destination had to flatten and measure a tree of some thousands of pieces, many already
 * moved by the garbage collector, which cost about a microsecond a line (docs/benchmarks.md).
 * Every line goes through the batch, pino's and the access lines alike, so that they keep their
 * order.
 */
export class LineBatch implements LogSink {
  private readonly slab: TextBuffer
  private used = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false
  // A process that exits without closing the emulator still writes what waited.
  private readonly atExit = (): void => { this.flushSync() }

  constructor (private readonly out: ByteDestination, private readonly bytes: number, private readonly ms: number,
    private readonly closeWaitMs = CLOSE_WAIT_MS) {
    // Room for a full chunk and the line that completes it.
    this.slab = Buffer.allocUnsafeSlow(2 * bytes) as TextBuffer
    process.on('exit', this.atExit)
  }

  write (line: string): boolean {
    // Once closed, a line (one written while shutting down) goes straight through.
    if (this.closed) return this.out.write(Buffer.from(line)) !== false
    const most = line.length * MAX_UTF8_PER_UNIT
    if (this.used + most > this.slab.length) {
      this.flush()
      // A line larger than the slab goes on its own, after what waited.
      if (most > this.slab.length) return this.out.write(Buffer.from(line)) !== false
    }
    this.used += this.slab.utf8Write(line, this.used)
    if (this.used >= this.bytes) this.flush()
    else this.timer ??= setTimeout(() => { this.flush(); this.out.flush() }, this.ms).unref()
    return true
  }

  /** Hands what waited to the destination. */
  flush (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.used === 0) return
    // A copy: the destination keeps the chunk until it is written, and the slab is reused.
    const chunk = Buffer.from(this.slab.subarray(0, this.used))
    this.used = 0
    this.out.write(chunk)
  }

  /**
   * Writes everything out before returning. The destination's queue goes first; then what waits
   * here, always less than `bytes`, is queued behind it rather than written asynchronously (a
   * write the process might not live to finish), and written by the second flushSync.
   */
  flushSync (): void {
    this.flushOut()
    try {
      this.flush()
    } catch {
      // A destination already ended takes nothing more.
    }
    this.flushOut()
  }

  private flushOut (): void {
    try {
      this.out.flushSync()
    } catch {
      // Ended, or not yet open (what it queued is written once it is).
    }
  }

  /**
   * Writes everything out, then hands each line on at once. The destination's queue is written
   * first, in its own order, a write under way included: written synchronously beside a write
   * under way, the rest could land before it. The wait is bounded (closeWaitMs); at exit
   * there is none, and flushSync does what it can.
   */
  async close (): Promise<void> {
    process.removeListener('exit', this.atExit)
    let timer: NodeJS.Timeout | undefined
    try {
      this.flush()
      await new Promise<unknown>(resolve => {
        timer = setTimeout(resolve, this.closeWaitMs)
        this.out.flush(resolve)
      })
    } catch {
      // A destination that refuses: flushSync tries what it kept.
    }
    clearTimeout(timer)
    this.flushSync()
    this.closed = true
  }
}

/**
 * Log lines batched for pino's asynchronous destination (sonic-boom) in its buffer mode, which
 * its types do not describe (they name a string). `dest` is a file descriptor or a path. The
 * destination's minLength is the batch's size, so that a chunk smaller than that waits in its
 * queue (see LineBatch.flushSync); its largest write (maxWrite) must exceed it.
 */
export function batchedDestination (dest: number | string, bytes: number, ms: number): LineBatch {
  const out = pino.destination({ dest, sync: false, contentMode: 'buffer', minLength: bytes, maxWrite: 2 * bytes }) as unknown as ByteDestination
  return new LineBatch(out, bytes, ms)
}
