import type { IncomingHttpHeaders } from 'node:http'
import { CocError } from '../errors.js'
import type { AuthMode } from '../config.js'
import { DEFAULT_DOMAIN_ID, type Fixtures, type Principal } from '../fixtures.js'
import { parseAuthorization, parseSdkDate, payloadHash, sameSignature, sign, URI_FORMS, type AuthorizationHeader, type SigningInput } from './signature.js'

export const DEV_TOKEN = 'dev-token'
const DATE_WINDOW_MS = 15 * 60_000
const SIGNATURE_FORM = 'Authorization: expected "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>"'

/** A signature whose headers were checked; the body is needed to check the signature itself. */
export interface PendingSignature {
  secret: string
  authorization: AuthorizationHeader
  date: string
}

interface Identity {
  principal: Principal
  signature: PendingSignature | null
}

export interface RequestParts {
  method: string
  /** The path and query as sent. */
  url: string
  headers: IncomingHttpHeaders
  /** The raw body bytes, when there was a body. */
  body?: Buffer | string | undefined
}

export interface Authenticator {
  /** Who the request acts as, from its headers; throws the COC refusal. */
  identify (request: RequestParts): Identity
  /** Checks a signature against the whole request; throws GOM.00004012 when it does not match. */
  verify (pending: PendingSignature, request: RequestParts): void
}

function header (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return typeof value === 'string' ? value.trim() : ''
}

const badSignature = (message: string): CocError => new CocError('badSignature', message)

/** X-Domain-Id and X-Project-Id are optional; when sent they must be the credentials' own. */
function checkScope (principal: Principal, headers: IncomingHttpHeaders): void {
  const domain = header(headers, 'x-domain-id')
  if (domain !== '' && domain !== principal.domainId) {
    throw badSignature(`X-Domain-Id: [${domain}] is not the domain of these credentials`)
  }
  const project = header(headers, 'x-project-id')
  if (project !== '' && !(principal.projectIds ?? []).includes(project)) {
    throw badSignature(`X-Project-Id: [${project}] is not a project of the credentials' domain`)
  }
}

/**
 * Who a request acts as, by the mode of section 9: `strict` takes known, unexpired tokens and
 * verified SDK-HMAC-SHA256 signatures; `permissive` takes any non-empty token or well-formed
 * signature header (a known token keeps its own domain, anything else is the default domain's
 * development user); `off` takes every request as the development user.
 */
export function createAuthenticator (mode: AuthMode, fixtures: Pick<Fixtures, 'tokens' | 'credentials'>, now: () => number = Date.now): Authenticator {
  const developer: Principal = fixtures.tokens.get(DEV_TOKEN)?.principal ?? { domainId: DEFAULT_DOMAIN_ID, userId: 'coc-dev-user' }
  const trusted = (principal: Principal): Identity => ({ principal, signature: null })

  // The token and the Authorization header, trimmed, are read once by identify.
  function identifyStrict (headers: IncomingHttpHeaders, token: string, authorizationHeader: string): Identity {
    if (token !== '') {
      const known = fixtures.tokens.get(token)
      if (known === undefined) throw new CocError('badToken', 'X-Auth-Token: the token is not known to this emulator')
      if (known.expiresAt !== null && known.expiresAt <= now()) {
        throw new CocError('badToken', `X-Auth-Token: the token expired at ${new Date(known.expiresAt).toISOString()}`)
      }
      checkScope(known.principal, headers)
      return trusted(known.principal)
    }
    const authorization = parseAuthorization(authorizationHeader)
    if (authorization === null) throw badSignature(SIGNATURE_FORM)
    const credential = fixtures.credentials.get(authorization.access)
    if (credential === undefined) throw badSignature(`Authorization: access key [${authorization.access}] is not known to this emulator`)
    const date = header(headers, 'x-sdk-date')
    if (date === '') throw badSignature('X-Sdk-Date: missing; signed requests carry the signing time')
    const signedAt = parseSdkDate(date)
    if (Number.isNaN(signedAt)) throw badSignature(`X-Sdk-Date: [${date}] is not a yyyyMMddTHHmmssZ time`)
    if (Math.abs(now() - signedAt) > DATE_WINDOW_MS) throw badSignature(`X-Sdk-Date: [${date}] is more than 15 minutes from the emulator's clock`)
    const securityToken = header(headers, 'x-security-token')
    if (credential.securityToken === null) {
      if (securityToken !== '') throw badSignature('X-Security-Token: sent with permanent credentials')
    } else {
      if (securityToken !== credential.securityToken) throw badSignature('X-Security-Token: missing, or not the token of these temporary credentials')
      if (!authorization.signedHeaders.includes('x-security-token')) throw badSignature('X-Security-Token: must be a signed header')
    }
    checkScope(credential.principal, headers)
    return { principal: credential.principal, signature: { secret: credential.secret, authorization, date } }
  }

  function identifyPermissive (token: string, authorizationHeader: string): Identity {
    if (token !== '') return trusted(fixtures.tokens.get(token)?.principal ?? developer)
    if (parseAuthorization(authorizationHeader) === null) throw badSignature(SIGNATURE_FORM)
    return trusted(developer)
  }

  return {
    identify ({ headers }) {
      if (mode === 'off') return trusted(developer)
      const token = header(headers, 'x-auth-token')
      const authorization = header(headers, 'authorization')
      if (token === '' && authorization === '') {
        throw new CocError('noCredentials', 'X-Auth-Token: missing; send an IAM token in X-Auth-Token or sign the request (SDK-HMAC-SHA256)')
      }
      return mode === 'strict' ? identifyStrict(headers, token, authorization) : identifyPermissive(token, authorization)
    },
    verify (pending, request) {
      // Checked before the signature: a refusal names the check that failed. Hashed once for every URI form.
      const hash = payloadHash(request.headers, request.body)
      if (hash === null) {
        throw badSignature('X-Sdk-Content-Sha256: not the SHA-256 of the body received; send the body\'s hex SHA-256 or UNSIGNED-PAYLOAD')
      }
      // Built member by member: spreading the request cost nearly as much as the hashing.
      const input: SigningInput = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body,
        signedHeaders: pending.authorization.signedHeaders,
        date: pending.date,
        payloadHash: hash
      }
      // SDKs canonicalise an encoded path differently (signature.ts): each form is accepted.
      // Paths without escapes have one form, and only the first is computed.
      const forms = request.url.includes('%') ? URI_FORMS.length : 1
      for (let i = 0; i < forms; i++) {
        if (sameSignature(sign(pending.secret, input, URI_FORMS[i]), pending.authorization.signature)) return
      }
      throw badSignature('Authorization: the signature does not match the request (method, path, query, signed headers or body)')
    }
  }
}
