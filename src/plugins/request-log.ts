import { hostname } from 'node:os'
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js'
import { SUCCESS_CODE } from '../schemas/common.js'
import type { LogLevel } from '../config.js'
import type { AnsweredInput, Journal, LineWriter } from '../admin/journal.js'
import { LineBatch, type LogSink } from '../log-batch.js'
import { remembered } from '../bounded-memo.js'

type CompletedListener = (request: FastifyRequest, reply: FastifyReply) => void

// pino's numeric levels: the access line is written at info (30).
const LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }
const INFO = 30

/**
 * One line per request, when it completes: method, path, status, the COC error code and the
 * duration. Headers are never logged, so tokens and signatures stay out of the log.
 *
 * The line has pino's shape (level, time, pid, hostname, reqId, fields, msg) but is written
 * straight to the log's destination: going through pino costs several microseconds a line,
 * which showed as a fifth of the detail route's throughput. It is put together as text, with
 * only the values a client chose escaped, rather than as an object for JSON.stringify: the
 * same bytes, with no object per line.
 *
 * The lines of requests answered before fastify (src/plugins/fast-detail.ts) cost less still
 * when the log is our own batch and the journal keeps requests: the journal's entry holds every
 * value such a line shows, so the journal owes the line, and the lines it owes are written in
 * bulk, as bytes, when the batch next writes (within its interval). Made as a string at each
 * request, the line cost as much as the rest of the answer's own work (docs/benchmarks.md).
 */
export class RequestLog extends LogController implements LineWriter {
  private readonly sink: LogSink | null
  // Everything before the time, and between the time and the request id, never changes.
  private readonly head = `{"level":${INFO},"time":`
  private readonly middle = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":`
  /** The batch owed lines are written into; null when lines are written as requests complete. */
  private readonly batch: LineBatch | null
  private readonly bytes: LineBytes | null

  /**
   * `completed` also sees every finished request (the request journal). Given the journal, the
   * lines of journaled requests answered before fastify may be owed by it (`defers`).
   */
  constructor (sink: LogSink | null, level: LogLevel, private readonly completed: CompletedListener | null = null, journal?: Journal) {
    super()
    this.sink = sink !== null && LEVELS[level] <= INFO ? sink : null
    this.batch = this.sink instanceof LineBatch && journal !== undefined && journal.capacity > 0 ? this.sink : null
    this.bytes = this.batch === null ? null : new LineBytes(this.head, this.middle)
    if (this.batch !== null) {
      journal!.oweLinesTo(this)
      this.batch.owedBy(() => { journal!.settleLines() })
    }
  }

  /** Whether a request journaled with `recordOwingLine` has its line written by the journal. */
  get defers (): boolean {
    return this.batch !== null
  }

  override incomingRequest (): void {}

  // Failures were logged with their cause by the error handler; this is the access line.
  override requestCompleted (_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    this.completed?.(request, reply)
    if (this.sink === null) return
    // Every error goes through sendError, which records its code. The domain is the one the
    // credentials resolved to; absent when they were refused or not needed.
    this.line(request.id, request.method, request.url, reply.statusCode, reply.cocErrorCode ?? SUCCESS_CODE,
      request.principal?.domainId, hundredths(reply.elapsedTime))
  }

  /** Writes one access line (also for requests answered before fastify, src/plugins/fast-detail.ts). */
  line (id: string, method: string, url: string, status: number, errorCode: string, domain: string | undefined, ms: number): void {
    if (this.sink === null) return
    this.sink.write(this.format(Date.now(), id, method, url, status, errorCode, domain, ms))
  }

  /** The access line, as text. */
  format (time: number, id: string, method: string, url: string, status: number, errorCode: string, domain: string | undefined, ms: number): string {
    const query = url.indexOf('?')
    return this.head + time + this.middle + jsonString(id) +
      ',"method":' + jsonString(method) +
      ',"path":' + jsonString(query === -1 ? url : url.slice(0, query)) +
      ',"status":' + status +
      ',"error_code":' + jsonString(errorCode) +
      (domain === undefined ? '' : ',"domain":' + jsonString(domain)) +
      ',"ms":' + ms +
      ',"msg":"request"}\n'
  }

  /** LineWriter: the journal owes its first line; the batch writes it within its interval. */
  due (): void {
    this.batch!.due()
  }

  /** LineWriter: an owed line written from the journal's bytes. */
  packed (slab: Uint8Array, offset: number, idLength: number, urlLength: number, method: string,
    status: number, errorCode: string, domain: string | undefined, time: number, ms: number): boolean {
    return this.bytes!.write(this.batch!, slab, offset, idLength, urlLength, method, status, errorCode, domain, time, ms)
  }

  /** LineWriter: an owed line written as text (an entry kept as an object, or one to escape). */
  text (input: AnsweredInput, time: number): void {
    this.batch!.append(this.format(time, input.requestId, input.method, input.url, input.status, input.errorCode,
      input.domainId, input.durationMs))
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const QUESTION = 0x3f
const SPACE = 0x20
const DIGIT_0 = 0x30
const DOT = 0x2e
/** Durations of up to 15 digits are written by LineBytes as String() writes them. */
const MOST_DIGITS = 1e15
/** Room for the duration. */
const NUMBER_ROOM = 24
/** Statuses below this have their pieces kept, in an array by status. */
const MOST_STATUS = 1000
/** How many methods, error codes and domains each keep their encoded pieces. */
const MOST_PIECES = 256

/**
 * Access lines written as bytes straight into the log's batch. What lines share is encoded once
 * and kept: the start of the line up to the request id for the current millisecond, the
 * method's piece, and the piece from the status to the duration for each status, error code
 * and domain. The request id and the path are copied byte by byte from the journal, and the
 * duration is written digit by digit. The bytes are those `RequestLog.format` makes; a line
 * with a byte JSON escapes, or an unusual number, is left to `format`.
 */
class LineBytes {
  // The line up to the request id's first character, for the millisecond `startTime`.
  private start = Buffer.alloc(0)
  private startTime = NaN
  private readonly methods = new Map<string, Buffer>()
  // By error code, then domain, then status.
  private readonly codes = new Map<string, Map<string | undefined, Buffer[]>>()
  private readonly tail = Buffer.from(',"msg":"request"}\n')
  // The pieces of the last line, which most often are the next one's too.
  private method = ''
  private methodPiece: Buffer = Buffer.alloc(0)
  private status = NaN
  private errorCode = ''
  private domain: string | undefined = ''
  private statusPiece: Buffer = Buffer.alloc(0)

  constructor (private readonly head: string, private readonly middle: string) {}

  /** Writes the line into the batch; false, having written nothing, when `format` must. */
  write (batch: LineBatch, src: Uint8Array, offset: number, idLength: number, urlLength: number, method: string,
    status: number, errorCode: string, domain: string | undefined, time: number, ms: number): boolean {
    // Durations are recorded in hundredths: the integer n is written as n / 100 would be.
    const hundredths = Math.round(ms * 100)
    if (!(hundredths / 100 === ms && hundredths >= 0 && hundredths < MOST_DIGITS && status >= 0 && status < MOST_STATUS &&
      Number.isInteger(status))) return false
    if (time !== this.startTime) {
      this.start = Buffer.from(this.head + time + this.middle + '"')
      this.startTime = time
    }
    const start = this.start
    if (method !== this.method) {
      this.methodPiece = this.methods.get(method) ?? remembered(this.methods, method, MOST_PIECES, methodPieceOf)
      this.method = method
    }
    const methodPiece = this.methodPiece
    if (status !== this.status || errorCode !== this.errorCode || domain !== this.domain) {
      this.statusPiece = this.codes.get(errorCode)?.get(domain)?.[status] ?? this.newStatusPiece(status, errorCode, domain)
      this.status = status
      this.errorCode = errorCode
      this.domain = domain
    }
    const statusPiece = this.statusPiece
    const most = start.length + idLength + methodPiece.length + urlLength + statusPiece.length + this.tail.length + NUMBER_ROOM
    let at = batch.room(most)
    if (at === -1) return false
    const out = batch.buffer
    out.set(start, at)
    at += start.length
    // The id and the path: bytes JSON leaves as they are, or the line is format's to write.
    for (let i = offset, end = offset + idLength; i < end; i++) {
      const byte = src[i]!
      if (byte === QUOTE || byte === BACKSLASH || byte < SPACE) return false
      out[at++] = byte
    }
    out.set(methodPiece, at)
    at += methodPiece.length
    for (let i = offset + idLength, end = i + urlLength; i < end; i++) {
      const byte = src[i]!
      if (byte === QUESTION) break
      if (byte === QUOTE || byte === BACKSLASH || byte < SPACE) return false
      out[at++] = byte
    }
    out.set(statusPiece, at)
    at = digits(out, at + statusPiece.length, Math.floor(hundredths / 100))
    const fraction = hundredths % 100
    if (fraction !== 0) {
      out[at++] = DOT
      out[at++] = DIGIT_0 + Math.floor(fraction / 10)
      if (fraction % 10 !== 0) out[at++] = DIGIT_0 + fraction % 10
    }
    out.set(this.tail, at)
    batch.commit(at + this.tail.length)
    return true
  }

  private newStatusPiece (status: number, errorCode: string, domain: string | undefined): Buffer {
    const domains = remembered(this.codes, errorCode, MOST_PIECES, () => new Map<string | undefined, Buffer[]>())
    const statuses = remembered(domains, domain, MOST_PIECES, () => [])
    statuses[status] ??= Buffer.from('","status":' + status + ',"error_code":' + jsonString(errorCode) +
      (domain === undefined ? '' : ',"domain":' + jsonString(domain)) + ',"ms":')
    return statuses[status]
  }
}

const methodPieceOf = (method: string): Buffer => Buffer.from('","method":' + jsonString(method) + ',"path":"')

/** Writes a non-negative integer below MOST_DIGITS in decimal at `at`; returns where it ends. */
function digits (out: Uint8Array, at: number, value: number): number {
  let length = 1
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length++
  let rest = value
  for (let i = at + length - 1; i >= at; i--) {
    out[i] = DIGIT_0 + rest % 10
    rest = Math.floor(rest / 10)
  }
  return at + length
}

// Quotes, backslashes, control characters and lone surrogates are what JSON escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** A request's duration as the access line and the journal show it: milliseconds to two decimals. */
export const hundredths = (ms: number): number => Math.round(ms * 100) / 100

/** A string as JSON.stringify writes it, without its cost for the plain strings of most requests. */
export function jsonString (value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"'
}

const LOG_METHODS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * fastify gives every request a child of the logger that carries its request id; pino builds
 * one in about half a microsecond, whether or not the request ever logs. Most never do (the
 * access line is written by RequestLog), so the child is only built the first time the
 * request logs or asks for it.
 */
class LazyChildLogger {
  private built: FastifyBaseLogger | undefined

  constructor (private readonly parent: FastifyBaseLogger, private readonly bindings: Bindings, private readonly options: ChildLoggerOptions) {}

  get logger (): FastifyBaseLogger {
    this.built ??= this.parent.child(this.bindings, this.options)
    return this.built
  }

  get level (): string {
    return this.logger.level
  }

  set level (level: string) {
    this.logger.level = level
  }

  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options)
  }
}
interface LazyChildLogger extends Pick<FastifyBaseLogger, typeof LOG_METHODS[number]> {}
for (const method of LOG_METHODS) {
  Object.defineProperty(LazyChildLogger.prototype, method, {
    value: function (this: LazyChildLogger, ...args: unknown[]) {
      return (this.logger[method] as (...a: unknown[]) => unknown)(...args)
    }
  })
}

/** fastify's childLoggerFactory: the request's child logger, built on first use. */
export function lazyChildLogger (this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger
}
