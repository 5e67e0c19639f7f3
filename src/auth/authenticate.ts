import type { IncomingHttpHeaders } from 'node:http'
import { CocError } from '../errors.js'
import type { AuthMode } from '../config.js'
import { DEFAULT_DOMAIN_ID, type Fixtures, type Principal } from '../fixtures.js'

export const DEV_TOKEN = 'dev-token'

const SIGNATURE_HEADER = /^SDK-HMAC-SHA256\s+Access=[^,\s]+,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-fA-F]+$/

export type Authenticate = (headers: IncomingHttpHeaders) => Principal

function header (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * Who a request acts as, by the mode of section 9: `strict` takes only known, unexpired
 * tokens; `permissive` takes any non-empty credential (a known token keeps its own domain,
 * anything else is the default domain's development user); `off` takes every request as
 * the development user.
 */
export function createAuthenticator (mode: AuthMode, tokens: Fixtures['tokens'], now: () => number = Date.now): Authenticate {
  const developer: Principal = tokens.get(DEV_TOKEN)?.principal ?? { domainId: DEFAULT_DOMAIN_ID, userId: 'coc-dev-user' }
  if (mode === 'off') return () => developer

  return function authenticate (headers) {
    const token = header(headers, 'x-auth-token')
    const authorization = header(headers, 'authorization')
    if (token === '' && authorization === '') {
      throw new CocError('noCredentials', 'X-Auth-Token: missing; send an IAM token in X-Auth-Token or sign the request (SDK-HMAC-SHA256)')
    }
    if (token !== '') {
      const known = tokens.get(token)
      if (known !== undefined && (mode === 'permissive' || known.expiresAt === null || known.expiresAt > now())) {
        return known.principal
      }
      if (mode === 'permissive') return developer
      if (known === undefined) throw new CocError('badToken', 'X-Auth-Token: the token is not known to this emulator')
      throw new CocError('badToken', `X-Auth-Token: the token expired at ${new Date(known.expiresAt!).toISOString()}`)
    }
    if (mode === 'permissive') {
      if (SIGNATURE_HEADER.test(authorization)) return developer
      throw new CocError('badSignature', 'Authorization: expected "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex>"')
    }
    throw new CocError('badSignature', 'Authorization: SDK-HMAC-SHA256 signatures are not verified by this version; send X-Auth-Token instead')
  }
}
