import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Authenticator, PendingSignature } from '../auth/authenticate.js'
import { UNSIGNED_PAYLOAD } from '../auth/signature.js'
import type { Principal } from '../fixtures.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by authentication on every COC route. */
    principal: Principal
    /** A signature to check once the body is read. */
    pendingSignature: PendingSignature | null
    /** Checks the signature against the body's bytes, on routes whose handler reads the body. */
    verifyBodySignature (body: Buffer): void
  }
  interface FastifyContextConfig {
    /**
     * The handler reads the body itself (multipart uploads): a signature over the body's hash is
     * checked there, with verifyBodySignature, once the bytes are in.
     */
    handlerReadsBody?: boolean
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
  scope.decorateRequest('verifyBodySignature', function (this: FastifyRequest, body: Buffer) {
    if (this.pendingSignature !== null) {
      auth.verify(this.pendingSignature, { method: this.method, url: this.url, headers: this.headers, body })
    }
  })
  scope.addHook('preValidation', (request, _reply, done) => {
    try {
      // UNSIGNED-PAYLOAD leaves the body out of the signature (what the SDKs send for multipart
      // bodies): it is checked now; a signed body hash waits for the handler to read the bytes.
      const later = request.routeOptions.config.handlerReadsBody === true && request.headers['x-sdk-content-sha256'] !== UNSIGNED_PAYLOAD
      if (request.pendingSignature !== null && !later) {
        auth.verify(request.pendingSignature, { method: request.method, url: request.url, headers: request.headers, body: request.rawBody })
      }
    } catch (err) {
      done(err as Error)
      return
    }
    done()
  })
}
