import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { AdminAccessMode } from '../config.js'
import { CocError } from '../errors.js'

export function isLoopback (address: string | undefined): boolean {
  if (address === undefined) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/**
 * Who may use the control plane: anyone on the same machine; from elsewhere only a caller
 * with the admin token as a bearer token, and nobody when no admin token is set. `open` lets
 * every caller in (a container whose published port is the only way in opts into it).
 */
export function createAdminAccess (adminToken: string | undefined, mode: AdminAccessMode = 'loopback'): (request: FastifyRequest) => void {
  const expected = adminToken === undefined ? undefined : digest(adminToken)
  return request => {
    if (mode === 'open') return
    const address = request.socket.remoteAddress
    if (isLoopback(address)) return
    if (expected === undefined) {
      throw new CocError('adminForbidden', `/__admin: only from loopback, and this request came from ${String(address)}; start the emulator with --admin-token (COC_ADMIN_TOKEN) to allow remote callers with that token, or --admin-access open (COC_ADMIN_ACCESS=open) to allow every caller`)
    }
    const header = request.headers.authorization
    const match = header === undefined ? null : /^Bearer (.+)$/i.exec(header)
    if (match === null) {
      throw new CocError('adminUnauthorized', 'Authorization: /__admin from another machine needs "Authorization: Bearer <admin token>"')
    }
    // Digests have one length: the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw new CocError('adminUnauthorized', 'Authorization: the bearer token is not the admin token')
    }
  }
}
