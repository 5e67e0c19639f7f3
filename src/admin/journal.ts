import type { IncomingHttpHeaders } from 'node:http'
import { pathOf } from './request-facts.js'

/** Bodies larger than this are journaled as their size only. */
export const MAX_JOURNALED_BODY = 64 * 1024
export const DEFAULT_JOURNAL_SIZE = 1000
export const MAX_JOURNAL_SIZE = 100_000

/** What is kept of a request; headers and body are turned into JSON only when read. */
export interface JournalInput {
  requestId: string
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer | undefined
  /** The HTTP status sent, or null when the connection was dropped. */
  status: number | null
  errorCode: string | null
  incidentNum: string | undefined
  domainId: string | undefined
  durationMs: number
  faultId: string | undefined
}

interface Entry extends JournalInput { seq: number, time: number }

/** A journaled request as `GET /__admin/requests` returns it. */
export interface JournalEntry {
  id: number
  request_id: string
  time: number
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: unknown
  status: number | null
  error_code: string | null
  incident_num: string | null
  domain_id: string | null
  duration_ms: number
  fault_id: string | null
}

export interface JournalFilter {
  method?: string
  /** An exact path, or a prefix when it ends in `*`. */
  path?: string
  incident_num?: string
}

const SECRET_HEADERS = new Set(['x-auth-token', 'x-security-token', 'cookie', 'proxy-authorization'])
const REDACTED = '[redacted]'

/** A signed request's Authorization keeps its algorithm, AK and signed headers; the signature goes. */
function redactAuthorization (value: string): string {
  const signature = value.search(/Signature=/i)
  if (!/^SDK-HMAC-SHA256 /i.test(value) || signature === -1) return REDACTED
  return value.slice(0, signature) + `Signature=${REDACTED}`
}

export function redactHeaders (headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    out[name] = SECRET_HEADERS.has(name) ? REDACTED : name === 'authorization' ? redactAuthorization(text) : text
  }
  return out
}

function bodyOf (raw: Buffer | undefined): unknown {
  if (raw === undefined || raw.length === 0) return null
  if (raw.length > MAX_JOURNALED_BODY) return { truncated: true, bytes: raw.length }
  const text = raw.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function matchesPath (pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}

/**
 * The COC requests received, newest last, in a ring of `capacity` entries: the oldest is
 * dropped once it is full. Recording keeps references only; the work happens when read.
 */
export class Journal {
  private entries: Entry[] = []
  private next = 0
  private seq = 0
  private dropped = 0

  constructor (readonly capacity: number = DEFAULT_JOURNAL_SIZE, private readonly now: () => number = Date.now) {}

  record (input: JournalInput): void {
    if (this.capacity === 0) return
    const entry: Entry = { ...input, seq: ++this.seq, time: this.now() }
    if (this.entries.length < this.capacity) {
      this.entries.push(entry)
      return
    }
    this.entries[this.next] = entry
    this.next = (this.next + 1) % this.capacity
    this.dropped++
  }

  clear (): void {
    this.entries = []
    this.next = 0
    this.dropped = 0
  }

  /** Matching entries, newest first, at most `limit`; `total` counts all that match. */
  find (filter: JournalFilter, limit: number): { requests: JournalEntry[], total: number, capacity: number, dropped: number } {
    const method = filter.method?.toUpperCase()
    const matched: Entry[] = []
    const ordered = [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)]
    for (let i = ordered.length - 1; i >= 0; i--) {
      const entry = ordered[i]
      if (method !== undefined && entry.method !== method) continue
      if (filter.path !== undefined && !matchesPath(filter.path, pathOf(entry.url))) continue
      if (filter.incident_num !== undefined && entry.incidentNum !== filter.incident_num) continue
      matched.push(entry)
    }
    return {
      requests: matched.slice(0, limit).map(toJson),
      total: matched.length,
      capacity: this.capacity,
      dropped: this.dropped
    }
  }
}

function toJson (entry: Entry): JournalEntry {
  const query = entry.url.indexOf('?')
  return {
    id: entry.seq,
    request_id: entry.requestId,
    time: entry.time,
    method: entry.method,
    path: pathOf(entry.url),
    query: query === -1 ? '' : entry.url.slice(query + 1),
    headers: redactHeaders(entry.headers),
    body: bodyOf(entry.body),
    status: entry.status,
    error_code: entry.errorCode,
    incident_num: entry.incidentNum ?? null,
    domain_id: entry.domainId ?? null,
    duration_ms: entry.durationMs,
    fault_id: entry.faultId ?? null
  }
}
