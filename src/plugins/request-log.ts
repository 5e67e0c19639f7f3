import { hostname } from 'node:os'
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { SUCCESS_CODE } from '../errors.js'
import type { LogLevel } from '../config.js'

export interface LogSink {
  write (line: string): unknown
}

export type CompletedListener = (request: FastifyRequest, reply: FastifyReply) => void

// pino's numeric levels: the access line is written at info (30).
const LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }
const INFO = 30

/**
 * One line per request, when it completes: method, path, status, the COC error code and the
 * duration. Headers are never logged, so tokens and signatures stay out of the log.
 *
 * The line has pino's shape (level, time, pid, hostname, reqId, fields, msg) but is written
 * straight to the log's destination: going through pino costs several microseconds a line,
 * which showed as a fifth of the detail route's throughput.
 */
export class RequestLog extends LogController {
  private readonly sink: LogSink | null
  private readonly pid = process.pid
  private readonly host = hostname()

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
    const url = request.url
    const query = url.indexOf('?')
    this.sink.write(JSON.stringify({
      level: INFO,
      time: Date.now(),
      pid: this.pid,
      hostname: this.host,
      reqId: request.id,
      method: request.method,
      path: query === -1 ? url : url.slice(0, query),
      status: reply.statusCode,
      // Every error goes through sendError, which records its code.
      error_code: reply.cocErrorCode ?? SUCCESS_CODE,
      // The domain the credentials resolved to; absent when they were refused or not needed.
      domain: request.principal?.domainId,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      msg: 'request'
    }) + '\n')
  }
}
