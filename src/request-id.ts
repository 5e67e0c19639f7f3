import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

// A client's own id is echoed back when it is a sane token; anything else gets a fresh one.
const CLIENT_ID = /^[\x21-\x7E]{1,128}$/

export function newRequestId (): string {
  return randomUUID().replaceAll('-', '')
}

export function requestId (req: IncomingMessage): string {
  const sent = req.headers['x-request-id']
  return typeof sent === 'string' && CLIENT_ID.test(sent) ? sent : newRequestId()
}
