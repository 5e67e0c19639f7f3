import { hostname } from 'node:os'
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js'
import { SUCCESS_CODE } from '../schemas/common.js'
import type { LogLevel } from '../config.js'

export interface LogSink {
  write (line: string): unknown
}

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
 */
export class RequestLog extends LogController {
  private readonly sink: LogSink | null
  // Everything before the time, and between the time and the request id, never changes.
  private readonly head = `{"level":${INFO},"time":`
  private readonly middle = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":`

  /** `completed` also sees every finished request (the request journal). */
  constructor (sink: LogSink | null, level: LogLevel, private readonly completed: CompletedListener | null = null) {
    super()
    this.sink = sink !== null && LEVELS[level] <= INFO ? sink : null
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
    const query = url.indexOf('?')
    this.sink.write(this.head + Date.now() + this.middle + jsonString(id) +
      ',"method":' + jsonString(method) +
      ',"path":' + jsonString(query === -1 ? url : url.slice(0, query)) +
      ',"status":' + status +
      ',"error_code":' + jsonString(errorCode) +
      (domain === undefined ? '' : ',"domain":' + jsonString(domain)) +
      ',"ms":' + ms +
      ',"msg":"request"}\n')
  }
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
