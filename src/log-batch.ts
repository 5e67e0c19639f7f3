import { pino } from 'pino'
import type { LogSink } from './plugins/request-log.js'

/** What a batch writes to: pino's asynchronous destination in buffer mode (sonic-boom). */
export interface ByteDestination {
  write (chunk: Buffer): unknown
  flushSync (): void
}

/**
 * pino's destination (sonic-boom) taking chunks of bytes: its buffer mode, which its types do
 * not describe (they name a string). `dest` is a file descriptor or a path.
 */
export function byteDestination (dest: number | string, sync: boolean, maxWrite?: number): ByteDestination {
  return pino.destination({ dest, sync, contentMode: 'buffer', ...(maxWrite === undefined ? {} : { maxWrite }) }) as unknown as ByteDestination
}

/** Buffer's own UTF-8 write, without the argument handling of `write`. */
type Slab = Buffer & { utf8Write (text: string, offset: number): number }

// UTF-8 takes at most 3 bytes for each UTF-16 unit of a string (4 for a surrogate pair).
const MAX_UTF8_PER_UNIT = 3

/**
 * Log lines gathered into chunks of at most `bytes` bytes, written once the next line might not
 * fit, or once the first line waited `ms`. Each line is encoded into the chunk as it comes, while
 * it is fresh: when lines were joined into one string instead, the destination had to flatten
 * and measure a tree of some thousands of pieces, many already moved by the garbage collector,
 * which cost about a microsecond a line (docs/benchmarks.md). Every line goes through the batch,
 * pino's and the access lines alike, so that they keep their order.
 */
export class LineBatch implements LogSink {
  private readonly slab: Slab
  private used = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false
  // A process that exits without closing the emulator still writes what waited.
  private readonly atExit = (): void => { this.flushSync() }

  constructor (private readonly out: ByteDestination, bytes: number, private readonly ms: number) {
    this.slab = Buffer.allocUnsafeSlow(bytes) as Slab
    process.on('exit', this.atExit)
  }

  write (line: string): boolean {
    // Once closed, a line (one written while shutting down) goes straight through.
    if (this.closed) return this.out.write(Buffer.from(line)) !== false
    const most = line.length * MAX_UTF8_PER_UNIT
    if (this.used + most > this.slab.length) {
      this.flush()
      // A line larger than a whole chunk goes on its own, after what waited.
      if (most > this.slab.length) return this.out.write(Buffer.from(line)) !== false
    }
    this.used += this.slab.utf8Write(line, this.used)
    this.timer ??= setTimeout(() => { this.flush() }, this.ms).unref()
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
