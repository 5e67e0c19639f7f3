import type { IncomingHttpHeaders } from 'node:http'
import { DEFAULT_JOURNAL_SIZE, type JournaledRequest } from '../schemas/admin.js'
import { matchesPath, pathOf } from './request-facts.js'

/** Bodies larger than this are journaled as their size only. */
export const MAX_JOURNALED_BODY = 64 * 1024
/**
 * What the kept requests may hold in all (URL, headers and bodies): past it the oldest go,
 * as when the ring is full. 1,000 requests with 64 KiB bodies would otherwise keep 64 MiB, and
 * the largest ring 6 GiB.
 */
export const MAX_JOURNAL_BYTES = 32 * 1024 * 1024
/** What an entry costs beside its URL, headers and body: the record and its numbers. */
const ENTRY_OVERHEAD = 256

/** What is kept of a request; headers and body are turned into JSON only when read. */
export interface JournalInput {
  requestId: string
  method: string
  url: string
  /** The headers as received: name and value, alternately, one per line. */
  headers: string
  /** The body's bytes, or its size alone once it is larger than MAX_JOURNALED_BODY. */
  body: Buffer | number | undefined
  /** The HTTP status sent, or null when the connection was dropped. */
  status: number | null
  errorCode: string | null
  incidentNum: string | undefined
  domainId: string | undefined
  durationMs: number
  faultId: string | undefined
}

interface Entry { input: JournalInput, seq: number, time: number }

/** A journaled request as `GET /__admin/requests` returns it. */
export type JournalEntry = JournaledRequest

export interface JournalFilter {
  method?: string
  /** An exact path, or a prefix when it ends in `*`. */
  path?: string
  incident_num?: string
  status?: number
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
  // Header names are the client's: `__proto__` or `constructor` must stay plain keys.
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : value
    out[name] = SECRET_HEADERS.has(name) ? REDACTED : name === 'authorization' ? redactAuthorization(text) : text
  }
  return out
}

/** Raw header lines back to a map: names in lower case, repeated headers joined with ", ". */
export function parseRawHeaders (raw: string): IncomingHttpHeaders {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>
  if (raw === '') return headers
  const lines = raw.split('\n')
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const name = lines[i]!.toLowerCase()
    headers[name] = name in headers ? `${headers[name]}, ${lines[i + 1]!}` : lines[i + 1]!
  }
  return headers
}

function bodyOf (raw: Buffer | number | undefined): unknown {
  if (typeof raw === 'number') return { truncated: true, bytes: raw }
  if (raw === undefined || raw.length === 0) return null
  const text = raw.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * The COC requests received, newest last, in a ring of `capacity` entries: the oldest is
 * dropped once it is full. Recording keeps references only; the work happens when read.
 */
export class Journal {
  // A ring kept as columns: the input objects as they came, numbers in typed arrays. Each
  // entry outlives many young-generation collections, so fewer objects per entry is less
  // copying for the garbage collector.
  private inputs: Array<JournalInput | undefined>
  private readonly seqs: Float64Array
  private readonly times: Float64Array
  private readonly costs: Float64Array
  private next = 0
  private size = 0
  private seq = 0
  private dropped = 0
  private bytes = 0

  constructor (readonly capacity: number = DEFAULT_JOURNAL_SIZE, private readonly now: () => number = Date.now, readonly maxBytes = MAX_JOURNAL_BYTES) {
    this.inputs = new Array<JournalInput | undefined>(capacity).fill(undefined)
    this.seqs = new Float64Array(capacity)
    this.times = new Float64Array(capacity)
    this.costs = new Float64Array(capacity)
  }

  /** Bytes the kept entries hold, as counted against `maxBytes`. */
  get heldBytes (): number {
    return this.bytes
  }

  record (input: JournalInput): void {
    if (this.capacity === 0) return
    const body = input.body
    if (body !== undefined && typeof body !== 'number') {
      // Only what is shown is kept: a large body by its size, a small one copied out of the
      // socket's buffer, which it may share with other data.
      input.body = body.length > MAX_JOURNALED_BODY ? body.length : body.buffer.byteLength > body.length ? Buffer.from(body) : body
    }
    const cost = ENTRY_OVERHEAD + input.url.length + input.headers.length + (typeof input.body === 'object' ? input.body.length : 0)
    if (this.size === this.capacity) this.dropOldest()
    while (this.size > 0 && this.bytes + cost > this.maxBytes) this.dropOldest()
    // No object spread here: spreading the input cost about 3 us a request.
    const at = this.next
    this.inputs[at] = input
    this.seqs[at] = ++this.seq
    this.times[at] = this.now()
    this.costs[at] = cost
    this.bytes += cost
    this.next = (at + 1) % this.capacity
    this.size++
  }

  private dropOldest (): void {
    const at = (this.next - this.size + this.capacity) % this.capacity
    this.bytes -= this.costs[at]!
    this.inputs[at] = undefined
    this.size--
    this.dropped++
  }

  clear (): void {
    this.inputs.fill(undefined)
    this.next = 0
    this.size = 0
    this.dropped = 0
    this.bytes = 0
  }

  /** How many requests were journaled at `since` (epoch ms) or later, and how many of them failed. */
  recent (since: number): { count: number, errors: number } {
    let count = 0
    let errors = 0
    for (let k = 1; k <= this.size; k++) {
      const at = (this.next - k + this.capacity) % this.capacity
      if (this.times[at]! < since) continue
      count++
      const status = this.inputs[at]!.status
      if (status === null || status >= 400) errors++
    }
    return { count, errors }
  }

  /** Matching entries, newest first, at most `limit`; `total` counts all that match. */
  find (filter: JournalFilter, limit: number): { requests: JournalEntry[], total: number, capacity: number, dropped: number } {
    const method = filter.method?.toUpperCase()
    const matched: Entry[] = []
    for (let k = 1; k <= this.size; k++) {
      const at = (this.next - k + this.capacity) % this.capacity
      const input = this.inputs[at]!
      if (method !== undefined && input.method !== method) continue
      if (filter.path !== undefined && !matchesPath(filter.path, pathOf(input.url))) continue
      if (filter.incident_num !== undefined && input.incidentNum !== filter.incident_num) continue
      if (filter.status !== undefined && input.status !== filter.status) continue
      matched.push({ input, seq: this.seqs[at]!, time: this.times[at]! })
    }
    return {
      requests: matched.slice(0, limit).map(toJson),
      total: matched.length,
      capacity: this.capacity,
      dropped: this.dropped
    }
  }
}

function toJson ({ input, seq, time }: Entry): JournalEntry {
  const query = input.url.indexOf('?')
  return {
    id: seq,
    request_id: input.requestId,
    time,
    method: input.method,
    path: pathOf(input.url),
    query: query === -1 ? '' : input.url.slice(query + 1),
    headers: redactHeaders(parseRawHeaders(input.headers)),
    body: bodyOf(input.body),
    status: input.status,
    error_code: input.errorCode,
    incident_num: input.incidentNum ?? null,
    domain_id: input.domainId ?? null,
    duration_ms: input.durationMs,
    fault_id: input.faultId ?? null
  }
}
