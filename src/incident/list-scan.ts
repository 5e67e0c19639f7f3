import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { IncidentRecord } from '../schemas/incident.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { evaluate, needsScan, type CheckedListQuery } from './list-query.js'

export interface ListPage { records: IncidentRecord[], total: number | null }

/** How long one slice of a scan may hold the event loop, and the bounds of a slice's size. */
export const SCAN_SLICE = { targetMs: 10, minRows: 4, maxRows: 65_536, firstRows: 16 } as const

type Key = string | number | null

/**
 * SQLite's order for the sort column: NULL first, numbers by value, text by code point (its
 * BINARY collation compares UTF-8 bytes, which is code-point order; JavaScript's `<` compares
 * UTF-16 units, which differs above U+FFFF).
 */
export function compareKeys (a: Key, b: Key): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i)!
    const cy = y.codePointAt(i)!
    if (cx !== cy) return cx - cy
    if (cx > 0xffff) i++
  }
  return x.length - y.length
}

interface Match { num: string, key: Key }

/** Merges two sorted runs, keeping the first `keep`. */
function merge (a: Match[], b: Match[], compare: (x: Match, y: Match) => number, keep: number): Match[] {
  const out: Match[] = []
  const length = Math.min(keep, a.length + b.length)
  let i = 0
  let j = 0
  while (out.length < length) {
    out.push(j >= b.length || (i < a.length && compare(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!)
  }
  return out
}

/**
 * Answers a checked v2 list query. An index walk is answered at once; a query that has to test
 * every ticket of the domain (see needsScan) is answered in slices of ids sized to take about
 * 10 ms each, with the event loop free between them, so a costly query never holds up other
 * clients (a health check, a detail read) for long. Each slice's matches are sorted as the
 * slice ends; the sorted runs are then merged pairwise, a pass at a time, keeping only what the
 * page needs. Tickets created while a scan runs may or may not be in its answer. Without a
 * domain, every domain's tickets.
 */
export async function runListQuery (store: IncidentStore, domainId: string | undefined, query: CheckedListQuery): Promise<ListPage> {
  if (!needsScan(query)) return store.list(domainId, query)
  const sign = query.sort.direction === 'asc' ? 1 : -1
  const compare = (a: Match, b: Match): number => sign * (compareKeys(a.key, b.key) || compareKeys(a.num, b.num))
  const start = (query.page - 1) * query.perPage
  const keep = start + query.perPage
  const upto = store.maxId()
  let runs: Match[][] = []
  let total = 0
  let after = 0
  let rows: number = SCAN_SLICE.firstRows
  while (after < upto) {
    const end = Math.min(upto, after + rows)
    const started = performance.now()
    const run: Match[] = []
    for (const row of store.scan(domainId, query, after, end)) {
      if (query.condition === null || evaluate(query.condition, row.slice(2))) run.push({ num: row[0] as string, key: row[1] as Key })
    }
    total += run.length
    if (run.length > 0) runs.push(run.sort(compare).slice(0, keep))
    const elapsed = performance.now() - started
    after = end
    // The next slice is sized from this one's pace, within bounds.
    rows = Math.max(SCAN_SLICE.minRows, Math.min(SCAN_SLICE.maxRows, Math.round(rows * SCAN_SLICE.targetMs / Math.max(elapsed, 0.1))))
    if (after < upto) await yieldToEventLoop()
  }
  while (runs.length > 1) {
    const merged: Match[][] = []
    for (let i = 0; i < runs.length; i += 2) merged.push(i + 1 < runs.length ? merge(runs[i]!, runs[i + 1]!, compare, keep) : runs[i]!)
    runs = merged
    await yieldToEventLoop()
  }
  const page = (runs[0] ?? []).slice(start, keep).map(match => match.num)
  return { records: store.recordsOf(domainId, page), total: query.withTotal ? total : null }
}
