import type { IncomingHttpHeaders } from 'node:http'
import { DEFAULT_JOURNAL_SIZE, type JournaledRequest } from '../schemas/admin.js'
import { matchesPath, pathOf } from './request-facts.js'
import type { TextBuffer } from '../text-buffer.js'

/** Bodies larger than this are journaled as their size only. */
export const MAX_JOURNALED_BODY = 64 * 1024
/**
 * What the kept requests may hold in all (URL, headers and bodies): past it the oldest go,
 * as when the ring is full. 1,000 requests with 64 KiB bodies would otherwise keep 64 MiB, and
 * the largest ring 6 GiB.
 */
const MAX_JOURNAL_BYTES = 32 * 1024 * 1024
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

/** A request that was answered: its status and error code are known. */
export type AnsweredInput = JournalInput & { status: number, errorCode: string }

/**
 * What writes the access lines the journal owes (src/plugins/request-log.ts). A request whose
 * line is owed leaves its line to be written later, in bulk, from its entry: the entry holds
 * every value the line shows. Owed lines are written in order, and always before their entries
 * leave the ring.
 */
export interface LineWriter {
  /** The journal owes a line where it owed none: it must be written soon. */
  due (): void
  /**
   * Writes the line of an entry kept in the slab: id and URL are the ASCII bytes at `offset`,
   * one after the other. False, having written nothing, for a line it cannot write from bytes.
   */
  packed (slab: Uint8Array, offset: number, idLength: number, urlLength: number, method: string,
    status: number, errorCode: string, domain: string | undefined, time: number, ms: number): boolean
  /** Writes the line of any entry, from what was recorded. */
  text (input: AnsweredInput, time: number): void
}

interface Entry { input: JournalInput, seq: number, time: number }

/** A journaled request as `GET /__admin/requests` returns it. */
type JournalEntry = JournaledRequest

interface JournalFilter {
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

/** What each entry may pack into the journal's byte slab; larger requests are kept as objects. */
const SLOT_BYTES = 1024

// Room past a slot's last text: a write given 4 bytes more than the text's length stops,
// if it stops early, after more bytes than the text has characters (no character takes more
// than 4), so a short write is never taken for an ASCII text.
const UTF8_SPARE = 4
const SLOT_STRIDE = SLOT_BYTES + UTF8_SPARE

/**
 * The COC requests received, newest last, in a ring of `capacity` entries: the oldest is
 * dropped once it is full. Recording copies what a request leaves behind into columns; the
 * work happens when read.
 */
export class Journal {
  // The ring is kept as columns, so that the kept requests are not objects the garbage
  // collector has to trace and copy: numbers in typed arrays, the texts a request brings
  // (request id, URL, header lines, ticket number, body) as bytes in one slab of SLOT_BYTES a
  // slot, and the few texts every request shares (method, error code, domain, fault) as
  // references. Each request's own objects, kept, were copied by young collections until
  // promoted (docs/benchmarks.md). A request too large or not ASCII is kept as its input object.
  private spilled: Array<JournalInput | undefined>
  private readonly slab: TextBuffer
  private readonly seqs: Float64Array
  private readonly times: Float64Array
  private readonly costs: Float64Array
  private readonly statuses: Int32Array
  private readonly durations: Float64Array
  private readonly lengths: Int32Array
  private readonly methods: string[]
  private readonly errorCodes: Array<string | null>
  private readonly domains: Array<string | undefined>
  private readonly faults: Array<string | undefined>
  private next = 0
  private size = 0
  private seq = 0
  private dropped = 0
  private bytes = 0
  // The newest `owed` entries still owe their access lines to `lines`.
  private owed = 0
  private lines: LineWriter | null = null

  constructor (readonly capacity: number = DEFAULT_JOURNAL_SIZE, private readonly now: () => number = Date.now, readonly maxBytes = MAX_JOURNAL_BYTES) {
    this.spilled = new Array<JournalInput | undefined>(capacity).fill(undefined)
    // Not zeroed: a slot is read only after it was written, and untouched pages cost no memory.
    this.slab = Buffer.allocUnsafeSlow(capacity * SLOT_STRIDE) as TextBuffer
    this.seqs = new Float64Array(capacity)
    this.times = new Float64Array(capacity)
    this.costs = new Float64Array(capacity)
    this.statuses = new Int32Array(capacity)
    this.durations = new Float64Array(capacity)
    // Per slot: the lengths of request id, URL, header lines, ticket number (-1: none) and body (-1: none).
    this.lengths = new Int32Array(capacity * 5)
    this.methods = new Array<string>(capacity).fill('')
    this.errorCodes = new Array<string | null>(capacity).fill(null)
    this.domains = new Array<string | undefined>(capacity).fill(undefined)
    this.faults = new Array<string | undefined>(capacity).fill(undefined)
  }

  /** Bytes the kept entries hold, as counted against `maxBytes`. */
  get heldBytes (): number {
    return this.bytes
  }

  /** From now on, requests recorded with `recordOwingLine` have their access lines written by `lines`. */
  oweLinesTo (lines: LineWriter): void {
    this.settleLines()
    this.lines = lines
  }

  /** Records an answered request whose access line the journal owes, to be written by settleLines. */
  recordOwingLine (input: AnsweredInput): void {
    if (this.capacity === 0 || this.lines === null) throw new Error('the journal owes lines only while it keeps requests and has a writer')
    this.keep(input)
    if (this.owed++ === 0) this.lines.due()
  }

  /** Writes the access lines the journal owes, oldest first. */
  settleLines (): void {
    const owed = this.owed
    if (owed === 0) return
    // Cleared first: a line written here that makes the log write more settles nothing twice.
    this.owed = 0
    const lines = this.lines!
    const lengths = this.lengths
    for (let k = owed; k >= 1; k--) {
      const at = (this.next - k + this.capacity) % this.capacity
      const time = this.times[at]!
      if (this.spilled[at] !== undefined || !lines.packed(this.slab, at * SLOT_STRIDE, lengths[at * 5]!, lengths[at * 5 + 1]!,
        this.methods[at]!, this.statuses[at]!, this.errorCodes[at]!, this.domains[at], time, this.durations[at]!)) {
        lines.text(this.input(at) as AnsweredInput, time)
      }
    }
  }

  record (input: JournalInput): void {
    if (this.capacity === 0) return
    // Lines are written in the order of their requests: one written now comes after those owed.
    if (this.owed > 0) this.settleLines()
    this.keep(input)
  }

  private keep (input: JournalInput): void {
    const body = input.body
    if (body !== undefined && typeof body !== 'number' && body.length > MAX_JOURNALED_BODY) input.body = body.length
    const bodyBytes = typeof input.body === 'object' ? input.body.length : 0
    const cost = ENTRY_OVERHEAD + input.url.length + input.headers.length + bodyBytes
    if (this.size === this.capacity) this.dropOldest()
    while (this.size > 0 && this.bytes + cost > this.maxBytes) this.dropOldest()
    // No object spread here: spreading the input cost about 3 us a request.
    const at = this.next
    if (!this.pack(at, input, bodyBytes)) {
      // Only what is shown is kept: a small body copied out of the socket's buffer, which it
      // may share with other data.
      const kept = input.body
      if (typeof kept === 'object' && kept.buffer.byteLength > kept.length) input.body = Buffer.from(kept)
      this.spilled[at] = input
    }
    this.statuses[at] = input.status ?? -1
    this.durations[at] = input.durationMs
    this.methods[at] = input.method
    this.errorCodes[at] = input.errorCode
    this.domains[at] = input.domainId
    this.faults[at] = input.faultId
    this.seqs[at] = ++this.seq
    this.times[at] = this.now()
    this.costs[at] = cost
    this.bytes += cost
    this.next = (at + 1) % this.capacity
    this.size++
  }

  /** Copies the request's own texts into its slot; false when they do not fit or are not ASCII. */
  private pack (at: number, input: JournalInput, bodyBytes: number): boolean {
    const { requestId, url, headers, incidentNum, body } = input
    const num = incidentNum ?? ''
    if (typeof body === 'number') return false
    // One write for the four texts: a write per text, or a test for non-ASCII characters,
    // each cost more than the rest of the record.
    const texts = requestId + url + headers + num
    if (texts.length + bodyBytes > SLOT_BYTES) return false
    const offset = at * SLOT_STRIDE
    // UTF-8 takes more bytes than characters exactly when a text is not ASCII; the slot's spare
    // bytes let the write show it without reaching the next slot.
    if (this.slab.utf8Write(texts, offset, texts.length + UTF8_SPARE) !== texts.length) return false
    if (body !== undefined) body.copy(this.slab, offset + texts.length)
    const lengths = this.lengths
    const k = at * 5
    lengths[k] = requestId.length
    lengths[k + 1] = url.length
    lengths[k + 2] = headers.length
    lengths[k + 3] = incidentNum === undefined ? -1 : num.length
    lengths[k + 4] = body === undefined ? -1 : bodyBytes
    this.spilled[at] = undefined
    return true
  }

  /** An entry as it was recorded. */
  private input (at: number): JournalInput {
    const spilled = this.spilled[at]
    if (spilled !== undefined) return spilled
    const lengths = this.lengths
    const k = at * 5
    let offset = at * SLOT_STRIDE
    const text = (length: number): string => {
      const value = this.slab.toString('latin1', offset, offset + length)
      offset += length
      return value
    }
    const requestId = text(lengths[k]!)
    const url = text(lengths[k + 1]!)
    const headers = text(lengths[k + 2]!)
    const numLength = lengths[k + 3]!
    const incidentNum = numLength === -1 ? undefined : text(numLength)
    const bodyLength = lengths[k + 4]!
    const status = this.statuses[at]!
    return {
      requestId,
      method: this.methods[at]!,
      url,
      headers,
      body: bodyLength === -1 ? undefined : Buffer.from(this.slab.subarray(offset, offset + bodyLength)),
      status: status === -1 ? null : status,
      errorCode: this.errorCodes[at]!,
      incidentNum,
      domainId: this.domains[at],
      durationMs: this.durations[at]!,
      faultId: this.faults[at]
    }
  }

  private dropOldest (): void {
    // The owed entries are the newest: the oldest is one of them only when all are.
    if (this.owed === this.size) this.settleLines()
    const at = (this.next - this.size + this.capacity) % this.capacity
    this.bytes -= this.costs[at]!
    this.spilled[at] = undefined
    this.size--
    this.dropped++
  }

  clear (): void {
    this.settleLines()
    this.spilled.fill(undefined)
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
      const status = this.statuses[at]!
      if (status === -1 || status >= 400) errors++
    }
    return { count, errors }
  }

  /** Matching entries, newest first, at most `limit`; `total` counts all that match. */
  find (filter: JournalFilter, limit: number): { requests: JournalEntry[], total: number, capacity: number, dropped: number } {
    const method = filter.method?.toUpperCase()
    const matched: Entry[] = []
    for (let k = 1; k <= this.size; k++) {
      const at = (this.next - k + this.capacity) % this.capacity
      if (method !== undefined && this.methods[at] !== method) continue
      if (filter.status !== undefined && this.statuses[at] !== filter.status) continue
      const input = this.input(at)
      if (filter.path !== undefined && !matchesPath(filter.path, pathOf(input.url))) continue
      if (filter.incident_num !== undefined && input.incidentNum !== filter.incident_num) continue
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
