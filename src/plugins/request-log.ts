import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import { SUCCESS_CODE } from '../errors.js'

/**
 * One line per request, when it completes: method, path, status, the COC error code and the
 * duration. Headers are never logged, so tokens and signatures stay out of the log.
 */
export class RequestLog extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      error_code: reply.cocErrorCode ?? (reply.statusCode < 400 ? SUCCESS_CODE : null),
      ms: Math.round(reply.elapsedTime * 100) / 100
    }
    if (error) reply.log.error({ ...line, err: error }, 'request failed')
    else reply.log.info(line, 'request')
  }
}
