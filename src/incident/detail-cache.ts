import fastJson from 'fast-json-stringify'
import { success } from '../errors.js'
import { IncidentDetailResponse } from '../schemas/incident.js'
import type { EnumDataItem } from '../schemas/incident.js'
import { DETAIL_ROW_SOURCES, type DetailRow, type IncidentStore } from '../stores/incident-store.js'
import { ENUM_SOURCES, pushEntries, toDetail, type Directory, type EnumSource } from './views/detail.js'
import { detailBytes, entriesText, givenListText } from './views/detail-text.js'

const DEFAULT_CACHED_DETAILS = 1_000
const MAX_KEPT_ENTRIES = 10_000

export interface DetailView {
  /** The 200 body of the detail route as UTF-8 bytes, or undefined when the domain has no such ticket. */
  bytes (domainId: string, incidentNum: string): Buffer | undefined
  /** The same body as text. */
  body (domainId: string, incidentNum: string): string | undefined
  /** Drops every cached body: the names a body shows (a category's) have changed. */
  invalidate (): void
}

export interface DetailViewOptions {
  /** How many bodies are kept. */
  maxEntries?: number
  /** Registers a listener for changes of the names the bodies show (applications renamed or deleted). */
  directoryChanges?: (listener: () => void) => void
  /**
   * Once the cache is full, keep a newcomer only on its second recent read: one that follows
   * the first by fewer than RECENT_WINDOW (at most twice that) first reads of other tickets
   * (see recentReads).
   */
  secondReadWhenFull?: boolean
}

/**
 * Detail bodies are read far more often than tickets change, so the serialised envelope of
 * recently read tickets is kept (once the cache is full, with secondReadWhenFull, those read
 * twice lately), and dropped whenever the store reports a write to the ticket.
 * A ticket not kept costs one statement that returns its fields already serialised (see
 * src/stores/detail-sql.ts) and the dictionary entries kept by value (keptEntries), so reading
 * it the first time costs little more than again.
 */
export function createDetailView (store: Pick<IncidentStore, 'get' | 'subscribe'> & Partial<Pick<IncidentStore, 'detailOf'>>, directory: Directory,
  options: DetailViewOptions = {}): DetailView {
  const { maxEntries = DEFAULT_CACHED_DETAILS, directoryChanges, secondReadWhenFull = false } = options
  const serialize = fastJson(IncidentDetailResponse)
  // Kept as bytes: a body holds Chinese names, so as text it is a two-byte string that every
  // answer would measure and encode to UTF-8 again.
  const cache = new Map<string, { domainId: string, body: Buffer }>()
  const recent = secondReadWhenFull ? recentReads() : undefined
  const entries = keptEntries(directory)
  const clear = (): void => {
    cache.clear()
    entries.clear()
  }
  store.subscribe(incidentNums => {
    if (incidentNums === null) clear()
    else for (const num of incidentNums) cache.delete(num)
  })
  // A renamed or deleted application changes the names every cached ticket shows.
  directoryChanges?.(clear)
  const view: DetailView = {
    body: (domainId, incidentNum) => view.bytes(domainId, incidentNum)?.toString(),
    bytes (domainId, incidentNum) {
      const cached = cache.get(incidentNum)
      // Numbers are unique across domains: a cached ticket of another domain is "not found".
      if (cached !== undefined) return cached.domainId === domainId ? cached.body : undefined
      let bytes: Buffer
      if (store.detailOf !== undefined) {
        // The store serialises the row's part; only the names come from here.
        const row = store.detailOf(domainId, incidentNum)
        if (row === undefined) return undefined
        bytes = detailBytes(row[0], row[1], entries.runs(domainId, row))
      } else {
        const record = store.get(domainId, incidentNum)
        if (record === undefined) return undefined
        bytes = Buffer.from(serialize(success(toDetail(record, directory))))
      }
      if (cache.size >= maxEntries) {
        // Reads spread over many tickets would otherwise replace a kept body at every read, and
        // objects that live a little while are the garbage collector's dearest work: over
        // 100,000 tickets read at random, the server took 40-43 µs of CPU a request with this
        // rule and 46-56 µs without it (three alternating runs).
        if (recent !== undefined && !recent.readBefore(incidentNum)) return bytes
        cache.delete(cache.keys().next().value!)
      }
      cache.set(incidentNum, { domainId, body: owned(bytes) })
      return bytes
    },
    invalidate: clear
  }
  return view
}

/**
 * A copy that owns its memory. Small buffers are slices of blocks Node shares among them
 * (Buffer.poolSize, 8 KiB): a kept slice would keep its whole block, and kept ones far apart,
 * a block each.
 */
function owned (bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length)
  bytes.copy(copy)
  return copy
}

/** How many first reads of other tickets a second read may follow and surely count as recent. */
const RECENT_WINDOW = 4096
/** Bits of each half of the recent-read filter: a read not made lately passes as one with probability at most 2 × RECENT_WINDOW / RECENT_BITS. */
const RECENT_BITS = 1 << 16

/**
 * Which ticket numbers were read lately, as bits set by a hash of the number (FNV-1a) in two
 * halves: a number is marked in the newer, and once the newer has RECENT_WINDOW marks, it becomes
 * the older and the older is cleared to become the newer. A mark so lasts between RECENT_WINDOW
 * and twice that first reads. An answer is a few multiplications and no allocation, and a wrong
 * "yes" only keeps a body that did not need keeping.
 */
function recentReads (): { readBefore (incidentNum: string): boolean } {
  let newer = new Uint32Array(RECENT_BITS / 32)
  let older = new Uint32Array(RECENT_BITS / 32)
  let marked = 0
  return {
    readBefore (incidentNum) {
      let hash = 0x811c9dc5
      for (let i = 0; i < incidentNum.length; i++) hash = Math.imul(hash ^ incidentNum.charCodeAt(i), 0x01000193)
      const bit = hash & (RECENT_BITS - 1)
      const mask = 1 << (bit & 31)
      const word = bit >>> 5
      if ((newer[word]! & mask) !== 0 || (older[word]! & mask) !== 0) return true
      newer[word]! |= mask
      if (++marked >= RECENT_WINDOW) {
        const cleared = older.fill(0)
        older = newer
        newer = cleared
        marked = 0
      }
      return false
    }
  }
}

/** The sources whose column holds the JSON text of a string array. */
const ARRAY_SOURCES = new Set<EnumSource>(['current_cloud_service', 'incident_assignee'])

/**
 * The serialised dictionary entries of each enum source by the stored value they come from, as
 * UTF-8: tickets share a few users, applications, levels and statuses, so a first read finds its
 * entries ready. They are stale exactly when the names are, and are dropped with the bodies;
 * past MAX_KEPT_ENTRIES of them, all are dropped.
 */
function keptEntries (directory: Directory): { runs (domainId: string, row: DetailRow): Buffer[], clear (): void } {
  const kept = ENUM_SOURCES.map(() => new Map<string, Buffer>())
  let count = 0
  const clear = (): void => {
    for (const map of kept) map.clear()
    count = 0
  }
  const run = (index: number, domainId: string, value: string): Buffer => {
    const source = ENUM_SOURCES[index]!
    // The application is the domain's own: its entry is kept per domain.
    const key = source === 'current_cloud_service' ? domainId + '\u0000' + value : value
    const found = kept[index]!.get(key)
    if (found !== undefined) return found
    const list: EnumDataItem[] = []
    pushEntries(list, source, ARRAY_SOURCES.has(source) ? JSON.parse(value) as string[] : value, domainId, directory)
    const bytes = owned(Buffer.from(entriesText(list)))
    if (count >= MAX_KEPT_ENTRIES) clear()
    kept[index]!.set(key, bytes)
    count++
    return bytes
  }
  return {
    runs (domainId, row) {
      const verbatim = row[2]
      // A verbatim list is one run: its text without the brackets.
      if (verbatim !== null) return [Buffer.from(givenListText(JSON.parse(verbatim) as EnumDataItem[]).slice(1, -1))]
      const runs: Buffer[] = []
      for (let i = 0; i < ENUM_SOURCES.length; i++) runs.push(run(i, domainId, row[DETAIL_ROW_SOURCES + i] as string))
      return runs
    },
    clear
  }
}
