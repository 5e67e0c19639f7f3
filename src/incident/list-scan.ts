import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { IncidentRecord } from '../schemas/incident.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { countQuery, evaluate, groupValue, LIST_LIMITS, needsScan, tooManyGroups, type CheckedListQuery } from './list-query.js'
import type { QueryScope } from '../stores/incident-query.js'

/** count_filters' and group_by_filter's answers, present when they were asked for. */
export interface Tallies {
  counts?: Array<{ name: string, count: number }>
  groups?: Array<{ value: string, count: number }>
}

export interface ListPage extends Tallies { records: IncidentRecord[], total: number | null }

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
 * Reads every ticket of the domain that passes the query's unnamed filters, in slices of ids
 * sized to take about 10 ms each, with the event loop free between them, so a costly query
 * never holds up other clients (a health check, a detail read) for long. `slice` gets each
 * slice's rows (see IncidentStore.scan). Tickets created while a scan runs may or may not be read.
 */
async function scanSlices (store: IncidentStore, domainId: string | undefined, query: CheckedListQuery, slice: (rows: unknown[][]) => void): Promise<void> {
  const upto = store.maxId()
  let after = 0
  let rows: number = SCAN_SLICE.firstRows
  while (after < upto) {
    const end = Math.min(upto, after + rows)
    const started = performance.now()
    slice(store.scan(domainId, query, after, end))
    const elapsed = performance.now() - started
    after = end
    // The next slice is sized from this one's pace, within bounds.
    rows = Math.max(SCAN_SLICE.minRows, Math.min(SCAN_SLICE.maxRows, Math.round(rows * SCAN_SLICE.targetMs / Math.max(elapsed, 0.1))))
    if (after < upto) await yieldToEventLoop()
  }
}

/** The group_by_filter's tally as answered: most frequent first, ties in SQLite's order of the values. */
function groupsOf (query: CheckedListQuery, tally: ReadonlyMap<unknown, number>): Array<{ value: string, count: number }> {
  if (tally.size > LIST_LIMITS.groups) throw tooManyGroups(query)
  return [...tally].sort((a, b) => b[1] - a[1] || compareKeys(a[0] as Key, b[0] as Key)).map(([value, count]) => ({ value: groupValue(query, value), count }))
}

/** The group_by_filter's answer in one statement, for an index walk or a ticket's history. */
export function groupsAtOnce (store: IncidentStore, scope: QueryScope, query: CheckedListQuery): Array<{ value: string, count: number }> {
  // Two more than the limit: NULL and "" are one group, so limit + 1 rows may still be within it.
  const rows = store.groupsOf(scope, query, LIST_LIMITS.groups + 2)
  if (rows.length > LIST_LIMITS.groups + 1) throw tooManyGroups(query)
  const tally = new Map<unknown, number>()
  for (const row of rows) tally.set(row.value ?? '', (tally.get(row.value ?? '') ?? 0) + row.n)
  return groupsOf(query, tally)
}

/** count_filters' answers: each set counted on its own, at once when an index walk answers it, in slices otherwise. */
async function countSets (store: IncidentStore, domainId: string | undefined, query: CheckedListQuery): Promise<Array<{ name: string, count: number }>> {
  const counts: Array<{ name: string, count: number }> = []
  for (const set of query.counts) {
    const alone = countQuery(query, set)
    let count = 0
    if (needsScan(alone)) await scanSlices(store, domainId, alone, rows => { count += rows.length })
    else count = store.countOf({ table: 'incidents', domainId }, alone)
    counts.push({ name: set.name, count })
  }
  return counts
}

/**
 * Answers a checked v2 list query. An index walk is answered at once; a query that has to test
 * every ticket of the domain (see needsScan) is answered in slices (scanSlices). Each slice's
 * matches are sorted as the slice ends; the sorted runs are then merged pairwise, a pass at a
 * time, keeping only what the page needs. A group_by_filter is tallied in the same pass, and
 * each count_filters set is counted the same way on its own. Without a domain, every domain's tickets.
 */
export async function runListQuery (store: IncidentStore, domainId: string | undefined, query: CheckedListQuery): Promise<ListPage> {
  const tallies: Tallies = {}
  if (query.counts.length > 0) tallies.counts = await countSets(store, domainId, query)
  if (!needsScan(query)) {
    const page = store.list(domainId, query)
    if (query.groupBy !== null) tallies.groups = groupsAtOnce(store, { table: 'incidents', domainId }, query)
    return { ...page, ...tallies }
  }
  const sign = query.sort.direction === 'asc' ? 1 : -1
  const compare = (a: Match, b: Match): number => sign * (compareKeys(a.key, b.key) || compareKeys(a.num, b.num))
  const start = (query.page - 1) * query.perPage
  const keep = start + query.perPage
  // Where a row's group columns are: after the number, the sort key and one column per named filter.
  const groupAt = 2 + query.named.length
  const tally = new Map<unknown, number>()
  let runs: Match[][] = []
  let total = 0
  await scanSlices(store, domainId, query, rows => {
    const run: Match[] = []
    for (const row of rows) {
      if (query.condition !== null && !evaluate(query.condition, row.slice(2))) continue
      run.push({ num: row[0] as string, key: row[1] as Key })
      if (query.groupBy !== null && row[groupAt + 1] === 1) {
        const value = row[groupAt] ?? ''
        tally.set(value, (tally.get(value) ?? 0) + 1)
      }
    }
    total += run.length
    if (run.length > 0) runs.push(run.sort(compare).slice(0, keep))
  })
  if (query.groupBy !== null) tallies.groups = groupsOf(query, tally)
  while (runs.length > 1) {
    const merged: Match[][] = []
    for (let i = 0; i < runs.length; i += 2) merged.push(i + 1 < runs.length ? merge(runs[i]!, runs[i + 1]!, compare, keep) : runs[i]!)
    runs = merged
    await yieldToEventLoop()
  }
  const page = (runs[0] ?? []).slice(start, keep).map(match => match.num)
  return { records: store.recordsOf(domainId, page), total: query.withTotal ? total : null, ...tallies }
}
