import type { FastifyInstance } from 'fastify'
import { Faults } from '../admin/faults.js'
import { incidentOf, incidentOfPath, isControlPath, pathOf } from '../admin/request-facts.js'
import type { JournalRecorder } from './request-journal.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The faults armed by /__admin/faults. */
    faults: Faults
  }
  interface FastifyRequest {
    /** The injected fault that answered or delayed the request. */
    faultId: string | undefined
    /** A fault naming a ticket may apply once the body is read. */
    faultDeferred: boolean
    /** The connection was dropped by a fault (and journaled then). */
    faultDropped: boolean
  }
}

/** The faults, whose dropped connections are journaled at once (no answer will be written). */
export function createFaults (journalRequest: JournalRecorder): Faults {
  return new Faults((request, reply) => {
    request.faultDropped = true
    journalRequest(request, reply, null)
    request.log.info({ fault_id: request.faultId }, 'connection dropped by an injected fault')
  })
}

/**
 * Injected faults come first, before credentials are looked at, as a failing gateway would;
 * one that names a ticket carried in the body (a handle, a history query) waits for the body.
 */
export function installFaultInjection (app: FastifyInstance, faults: Faults): void {
  app.decorate('faults', faults)
  app.decorateRequest('faultId', undefined)
  app.decorateRequest('faultDeferred', false)
  app.decorateRequest('faultDropped', false)
  app.addHook('onRequest', (request, reply, done) => {
    if (faults.size === 0 || isControlPath(request.url)) {
      done()
      return
    }
    const inPath = incidentOfPath(request)
    const { fault, deferred } = faults.match(request.method, pathOf(request.url), inPath, inPath !== undefined)
    if (fault !== undefined) {
      faults.apply(fault, request, reply, done)
      return
    }
    request.faultDeferred = deferred
    done()
  })
  app.addHook('preValidation', (request, reply, done) => {
    if (!request.faultDeferred) {
      done()
      return
    }
    const { fault } = faults.match(request.method, pathOf(request.url), incidentOf(request), true)
    if (fault === undefined) done()
    else faults.apply(fault, request, reply, done)
  })
  // Shutting down finishes the requests in flight: delayed ones go on at once.
  app.addHook('preClose', done => {
    faults.flushDelays()
    done()
  })
}
