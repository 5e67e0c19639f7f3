import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Journal } from '../admin/journal.js'
import { incidentOf } from '../admin/request-facts.js'
import { SUCCESS_CODE } from '../schemas/common.js'
import { hundredths } from './request-log.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The COC requests received, for /__admin/requests. */
    journal: Journal
  }
  interface FastifyRequest {
    /** The ticket a create made, for the request journal. */
    createdIncidentNum: string | undefined
    /** The size of a body the journal keeps by its size alone (a multipart upload's). */
    journalBodySize: number | undefined
  }
}

/** Files one request in the journal: as answered, or with status null when a fault dropped it. */
export type JournalRecorder = (request: FastifyRequest, reply: FastifyReply, status: number | null) => void

export function journalRecorder (journal: Journal): JournalRecorder {
  return (request, reply, status) => {
    journal.record({
      requestId: request.id,
      method: request.method,
      url: request.url,
      headers: request.raw.rawHeaders.join('\n'),
      body: request.journalBodySize ?? request.rawBody,
      status,
      errorCode: status === null ? null : reply.cocErrorCode ?? SUCCESS_CODE,
      incidentNum: incidentOf(request),
      domainId: request.principal?.domainId,
      durationMs: hundredths(reply.elapsedTime),
      faultId: request.faultId
    })
  }
}

/**
 * The request journal. Requests are filed when their answer is written, by the request log
 * (src/plugins/request-log.ts), so that recording costs no hook of its own.
 */
export function installJournal (app: FastifyInstance, journal: Journal): void {
  app.decorate('journal', journal)
  app.decorateRequest('createdIncidentNum', undefined)
  app.decorateRequest('journalBodySize', undefined)
}
