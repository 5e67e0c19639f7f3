import { pino } from 'pino'
import { MAX_UTF8_PER_UNIT, type TextBuffer } from './text-buffer.js'

/** Where log lines are written, one string a line. */
export interface LogSink {
  write (line: string): unknown
}

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
  // Lines owed by others (the request journal), written before any line that comes after them.
  private readonly owers: Array<() => void> = []
  private owing = false
  // A process that exits without closing the emulator still writes what waited.
  private readonly atExit = (): void => { this.flushSync() }

  constructor (private readonly out: ByteDestination, private readonly bytes: number, private readonly ms: number,
    private readonly closeWaitMs = CLOSE_WAIT_MS) {
    // Room for a full chunk and the line that completes it.
    this.slab = Buffer.allocUnsafeSlow(2 * bytes) as TextBuffer
    process.on('exit', this.atExit)
  }

  /**
   * `settle` writes lines owed to this log (with `room` and `commit`, or `append`). It is called
   * before each line written here, and within `ms` of each `due`.
   */
  owedBy (settle: () => void): void {
    this.owers.push(settle)
  }

  /** Lines are owed: they are settled before the next line, or within `ms`. */
  due (): void {
    if (this.closed) {
      this.settle()
      return
    }
    this.owing = true
    this.arm()
  }

  write (line: string): boolean {
    if (this.owing) this.settle()
    return this.append(line)
  }

  /** Writes a line after what waits, lines owed included or not. */
  append (line: string): boolean {
    // Once closed, a line (one written while shutting down) goes straight through.
    if (this.closed) return this.out.write(Buffer.from(line)) !== false
    const most = line.length * MAX_UTF8_PER_UNIT
    if (this.used + most > this.slab.length) {
      this.hand()
      // A line larger than the slab goes on its own, after what waited.
      if (most > this.slab.length) return this.out.write(Buffer.from(line)) !== false
    }
    this.used += this.slab.utf8Write(line, this.used)
    if (this.used >= this.bytes) this.hand()
    else this.arm()
    return true
  }

  /** The bytes lines are written into, at offsets from `room` up to what `commit` is told. */
  get buffer (): Uint8Array {
    return this.slab
  }

  /**
   * Where a line of at most `most` bytes may be written into `buffer`, once what waited was
   * handed on if it had to be; -1 when the line must go by `append` (too large, or closed).
   */
  room (most: number): number {
    if (this.closed || most > this.slab.length) return -1
    if (this.used + most > this.slab.length) this.hand()
    return this.used
  }

  /** The line written at `room`'s offset ends at `end`. */
  commit (end: number): void {
    this.used = end
    if (end >= this.bytes) this.hand()
    else this.arm()
  }

  /** Hands what waited to the destination, owed lines included. */
  flush (): void {
    this.settle()
    this.hand()
  }

  private settle (): void {
    this.owing = false
    for (const settle of this.owers) settle()
  }

  private arm (): void {
    this.timer ??= setTimeout(() => { this.flush(); this.out.flush() }, this.ms).unref()
  }

  private hand (): void {
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
