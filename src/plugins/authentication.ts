import type { FastifyInstance } from 'fastify'
import type { Authenticator, PendingSignature } from '../auth/authenticate.js'
import type { Principal } from '../fixtures.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by authentication on every COC route. */
    principal: Principal
    /** A signature to check once the body is read. */
    pendingSignature: PendingSignature | null
  }
}

/** The request members authentication sets, declared once for every request. */
export function decorateAuthentication (app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as Principal)
  app.decorateRequest('pendingSignature', null)
}

/**
 * Credentials on every route of `scope`, checked before anything else as COC's gateway does;
 * a signature covers the body, so it is verified once the body is read. Callback-style hooks:
 * they run on every request, and an async hook costs a promise.
 */
export function authenticate (scope: FastifyInstance, auth: Authenticator): void {
  scope.addHook('onRequest', (request, _reply, done) => {
    try {
      const identity = auth.identify({ method: request.method, url: request.url, headers: request.headers })
      request.principal = identity.principal
      request.pendingSignature = identity.signature
    } catch (err) {
      done(err as Error)
      return
    }
    done()
  })
  scope.addHook('preValidation', (request, _reply, done) => {
    try {
      if (request.pendingSignature !== null) {
        auth.verify(request.pendingSignature, { method: request.method, url: request.url, headers: request.headers, body: request.rawBody })
      }
    } catch (err) {
      done(err as Error)
      return
    }
    done()
  })
}
