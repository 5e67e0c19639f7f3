import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { SUCCESS_CODE } from '../errors.js'

/**
 * One line per request, when it completes: method, path, status, the COC error code and the
 * duration. Headers are never logged, so tokens and signatures stay out of the log.
 */
export class RequestLog extends LogController {
  override incomingRequest (): void {}

  // Failures were logged with their cause by the error handler; this is the access line.
  override requestCompleted (_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    reply.log.info({
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      // Every error goes through sendError, which records its code.
      error_code: reply.cocErrorCode ?? SUCCESS_CODE,
      ms: Math.round(reply.elapsedTime * 100) / 100
    }, 'request')
  }
}
