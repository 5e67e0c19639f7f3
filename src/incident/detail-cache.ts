import fastJson from 'fast-json-stringify'
import { success } from '../errors.js'
import { IncidentDetailResponse } from '../schemas/incident.js'
import type { EnumDataItem } from '../schemas/incident.js'
import { DETAIL_ROW_SOURCES, STORED_DETAIL_ROW, type DetailRow, type IncidentStore, type StoredDetailRow } from '../stores/incident-store.js'
import { ENUM_SOURCES, pushEntries, toDetail, type Directory, type EnumSource } from './views/detail.js'
import { detailBytes, entriesText, givenListText } from './views/detail-text.js'

/** What the kept bodies may hold by default: every ticket's, up to about 150,000 tickets. */
export const DEFAULT_DETAIL_CACHE_MIB = 256
/** The largest bound --detail-cache takes. */
export const MAX_DETAIL_CACHE_MIB = 16_384
/**
 * What a kept body costs beside its bytes: its buffer object and the cache's entry. (100,000
 * bodies of about 1,450 bytes each, warmed, raised the resident set by 169 MiB: 1,770 bytes each.)
 */
const ENTRY_OVERHEAD = 320
/** What a kept body counts against the bound. */
const costOf = (body: Buffer): number => body.length + ENTRY_OVERHEAD
const MAX_KEPT_ENTRIES = 10_000
/** Tickets a walk reads from the store at a time: about half a millisecond of work. */
const WARM_CHUNK = 64
/**
 * How long a walk renders before it lets requests through: a walk of 100,000 tickets costs about
 * 0.8 s of work, and given a chunk per turn of the event loop under load it went on for seconds.
 */
const WARM_SLICE_MS = 5

export interface DetailView {
  /** The 200 body of the detail route as UTF-8 bytes, or undefined when the domain has no such ticket. */
  bytes (domainId: string, incidentNum: string): Buffer | undefined
  /** The same body as text. */
  body (domainId: string, incidentNum: string): string | undefined
  /** Drops every cached body: the names a body shows (a category's) have changed. */
  invalidate (): void
  /**
   * Renders the body of every ticket not kept yet, in slices of WARM_SLICE_MS between turns of
   * the event loop, until the bound is reached; resolves with how many were rendered. Once
   * called, the bodies are rendered again so whenever all are dropped (a reset, a renamed
   * application), until stopWarming.
   */
  warm (): Promise<number>
  /** Ends a walk under way, and warming after drops. */
  stopWarming (): void
}

export interface DetailViewOptions {
  /** How many bodies are kept at most. */
  maxEntries?: number
  /** What the kept bodies may hold, in bytes (each counted with ENTRY_OVERHEAD). */
  maxBytes?: number
  /** Registers a listener for changes of the names the bodies show (applications renamed or deleted). */
  directoryChanges?: (listener: () => void) => void
  /** Told how many bodies each walk rendered and in how many ms, once it ends by itself (not ended by a newer one). */
  onWarmed?: (rendered: number, ms: number) => void
  /**
   * Once the cache is full, keep a newcomer only on its second recent read: one that follows
   * the first by fewer than RECENT_WINDOW (at most twice that) first reads of other tickets
   * (see recentReads).
   */
  secondReadWhenFull?: boolean
}

/**
 * Detail bodies are read far more often than tickets change, so the serialised envelope is
 * rendered once per change and kept: warm() renders every stored ticket's ahead of its first
 * read, and a ticket written since is rendered again on its next read. Both stop at the bound
 * (maxBytes); past it, a ticket not kept costs one statement that returns its fields already
 * serialised (see src/stores/detail-sql.ts) and the dictionary entries kept by value
 * (keptEntries), and once the cache is full, with secondReadWhenFull, only those read twice
 * lately are kept. A body is dropped whenever the store reports a write to the ticket.
 */
export function createDetailView (store: Pick<IncidentStore, 'get' | 'subscribe'> & Partial<Pick<IncidentStore, 'detailOf' | 'detailRows' | 'count'>>, directory: Directory,
  options: DetailViewOptions = {}): DetailView {
  const { maxEntries = Infinity, maxBytes = DEFAULT_DETAIL_CACHE_MIB * 1024 * 1024, directoryChanges, onWarmed, secondReadWhenFull = false } = options
  const serialize = fastJson(IncidentDetailResponse)
  // Kept as bytes: a body holds Chinese names, so as text it is a two-byte string that every
  // answer would measure and encode to UTF-8 again.
  const cache = new Map<string, { domainId: string, body: Buffer }>()
  let held = 0
  const recent = secondReadWhenFull ? recentReads() : undefined
  const entries = keptEntries(directory)
  const drop = (incidentNum: string): void => {
    const kept = cache.get(incidentNum)
    if (kept === undefined) return
    cache.delete(incidentNum)
    held -= costOf(kept.body)
  }
  const fits = (bytes: Buffer): boolean => cache.size < maxEntries && held + costOf(bytes) <= maxBytes
  const keep = (incidentNum: string, domainId: string, body: Buffer): void => {
    cache.set(incidentNum, { domainId, body })
    held += costOf(body)
  }
  // Warming: the walk under way (its number, so that a newer one ends it), and whether drops warm again.
  let walk = 0
  let warming = false
  const clear = (): void => {
    cache.clear()
    held = 0
    entries.clear()
    if (warming) void warm()
  }
  store.subscribe(incidentNums => {
    if (incidentNums === null) clear()
    else for (const num of incidentNums) drop(num)
  })
  // A renamed or deleted application changes the names every cached ticket shows.
  directoryChanges?.(clear)

  // Never rejects: a walk the store cannot go on with (closed under it) just ends.
  async function warm (): Promise<number> {
    warming = true
    const mine = ++walk
    const { detailRows, count } = store
    if (detailRows === undefined || count === undefined) return 0
    const from = performance.now()
    const allocate = blocks()
    let rendered = 0
    let renderedBytes = 0
    let after = 0
    let first = true
    /** Renders the next chunk; false once the walk is over. */
    const step = (): boolean => {
      let rows: StoredDetailRow[]
      let total: number
      try {
        rows = detailRows(after, WARM_CHUNK)
        total = first ? count() : 0
      } catch {
        return false
      }
      if (rows.length === 0) return false
      for (const row of rows) {
        const [position, domainId, incidentNum] = row
        after = position
        if (cache.has(incidentNum)) continue
        let bytes: Buffer
        try {
          bytes = render(domainId, row, STORED_DETAIL_ROW, allocate)
        } catch {
          // A ticket that cannot be shown (a damaged row in a --db file): its reads say why.
          continue
        }
        if (!fits(bytes)) return false
        keep(incidentNum, domainId, bytes)
        rendered++
        renderedBytes += costOf(bytes)
      }
      // Only a store whose every body fits is warmed, as the first chunk foretells: past the
      // bound, a walk over every ticket would keep only some tickets' bodies.
      if (first && rendered > 0 && held + (total - rows.length) * renderedBytes / rendered > maxBytes) return false
      first = false
      return true
    }
    for (let going = true; going;) {
      // A turn of the event loop between slices of WARM_SLICE_MS: requests are answered meanwhile.
      await new Promise(resolve => setImmediate(resolve))
      if (walk !== mine) return rendered
      const sliceEnds = performance.now() + WARM_SLICE_MS
      do going = step()
      while (going && performance.now() < sliceEnds)
    }
    onWarmed?.(rendered, performance.now() - from)
    return rendered
  }

  /** The body from a row of the store's detail statement whose DetailRow starts at `at`. */
  const render = (domainId: string, row: DetailRow | StoredDetailRow, at: number, allocate?: (size: number) => Buffer): Buffer =>
    detailBytes(row[at] as string, row[at + 1] as string, entries.runs(domainId, row, at), allocate)

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
        bytes = render(domainId, row, 0)
      } else {
        const record = store.get(domainId, incidentNum)
        if (record === undefined) return undefined
        bytes = Buffer.from(serialize(success(toDetail(record, directory))))
      }
      if (!fits(bytes)) {
        // Reads spread over many tickets would otherwise replace a kept body at every read, and
        // objects that live a little while are the garbage collector's dearest work: over
        // 100,000 tickets read at random, the server took 40-43 µs of CPU a request with this
        // rule and 46-56 µs without it (three alternating runs).
        if (recent !== undefined && !recent.readBefore(incidentNum)) return bytes
        for (const oldest of cache.keys()) {
          if (fits(bytes)) break
          drop(oldest)
        }
        if (!fits(bytes)) return bytes
      }
      keep(incidentNum, domainId, owned(bytes))
      return bytes
    },
    invalidate: clear,
    warm,
    stopWarming () {
      warming = false
      walk++
    }
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

/** The size of the blocks a walk writes its bodies into. */
const BLOCK_BYTES = 1024 * 1024

/**
 * Room for the bodies of one walk (warm), a block at a time: each body is a view of its block.
 * A buffer of its own for each was an allocation and an object for the garbage collector, and
 * took 2.2 µs of the 9.5 µs a ticket cost to warm. A block is freed once none of its bodies is
 * kept; until then a dropped body's bytes stay in it, so the blocks hold at most what the walk
 * rendered, beside the bodies kept since.
 */
function blocks (): (size: number) => Buffer {
  let block = Buffer.allocUnsafeSlow(0)
  let used = 0
  return size => {
    if (used + size > block.length) {
      block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, size))
      used = 0
    }
    used += size
    return block.subarray(used - size, used)
  }
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
function keptEntries (directory: Directory): { runs (domainId: string, row: DetailRow | StoredDetailRow, at: number): Buffer[], clear (): void } {
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
    runs (domainId, row, at) {
      const verbatim = row[at + 2] as string | null
      // A verbatim list is one run: its text without the brackets.
      if (verbatim !== null) return [Buffer.from(givenListText(JSON.parse(verbatim) as EnumDataItem[]).slice(1, -1))]
      const runs: Buffer[] = []
      for (let i = 0; i < ENUM_SOURCES.length; i++) runs.push(run(i, domainId, row[at + DETAIL_ROW_SOURCES + i] as string))
      return runs
    },
    clear
  }
}
