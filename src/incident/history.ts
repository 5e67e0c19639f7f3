import type { IncidentRecord } from '../schemas/incident.js'
import type { HistoryEntry } from './record.js'
import { CocError } from '../errors.js'
import type { ListHistoriesBody } from '../schemas/v1.js'
import { STATUS } from '../vocab.js'

const MINUTE = 60_000

/**
 * The history of a seeded or fixture ticket, derived from the ticket as it was seeded: its
 * creation, then the steps its status implies (accepted, solved at `handle_time`, verified,
 * or rejected). Derived, not stored, so seeding stays fast; a pure function of the ticket, so
 * still deterministic per (seed, index). The first handle stores it before adding its own.
 */
export function deriveHistory (record: IncidentRecord): HistoryEntry[] {
  const handler = record.incident_assignee[0] || record.creator
  const created = record.create_time
  const solvedAt = record.handle_time ?? created + 30 * MINUTE
  const acceptedAt = Math.min(created + 5 * MINUTE, created + Math.floor((solvedAt - created) / 2))
  const entries: Array<Omit<HistoryEntry, 'id'>> = []
  const add = (action: string, step: string, operator: string, status: string, time: number, comment = ''): void => {
    entries.push({ incident_num: record.incident_num, action, step, operator, comment, status, target_type: '', target_value: '', start_time: time, stop_time: time })
  }
  const { status } = record
  add('create', 'create', record.creator, status === STATUS.draft ? STATUS.draft : STATUS.triggered, created)
  if (status === STATUS.acknowledged || status === STATUS.resolved || status === STATUS.completed) {
    add('accepted', 'accept', handler, STATUS.acknowledged, acceptedAt)
  }
  if (status === STATUS.resolved || status === STATUS.completed) {
    add('commitSolution', 'commitSolution', handler, STATUS.resolved, solvedAt, 'Solution submitted')
  }
  if (status === STATUS.completed) {
    add('confirm', 'confirm', record.creator, STATUS.completed, solvedAt + 30 * MINUTE, 'Verified')
  }
  if (status === STATUS.rejected) {
    add('rejected', 'rejectUnaccepted', handler, STATUS.rejected, created + 10 * MINUTE, 'Not an incident')
  }
  return entries.map((entry, i) => ({ id: `${record.incident_num}-${i + 1}`, ...entry }))
}

export interface HistoryQuery {
  ticketIds: string[]
  keep (entry: HistoryEntry): boolean
  compare (a: HistoryEntry, b: HistoryEntry): number
}

// Maps, not objects: a field named `toString` or `__proto__` must be unknown, not inherited.
const FILTERABLE: ReadonlyMap<string, keyof HistoryEntry> = new Map([['ticket_id', 'incident_num'], ['action', 'action'], ['operator', 'operator']])
const SORTABLE: ReadonlyMap<string, keyof HistoryEntry> = new Map([['start_time', 'start_time'], ['update_time', 'stop_time'], ['stop_time', 'stop_time']])

/**
 * The v1 list-histories body as a query. A filter on `ticket_id` (`=` or `in`) says whose
 * history to read; `action` and `operator` narrow it (`=`, `in`, `!=`). Sorting is by time,
 * oldest first unless `sort_filter.operator` is `desc`.
 */
export function parseHistoryQuery (body: ListHistoriesBody): HistoryQuery {
  // v1 names the tickets in a ticket_id filter (v2 names its one ticket in the path: see list-query.ts).
  const ticketIds: string[] = []
  const tests: Array<(entry: HistoryEntry) => boolean> = []
  for (const [i, filter] of (body.string_filters ?? []).entries()) {
    const where = `string_filters[${i}]`
    const name = filter.field ?? filter.name
    const field = name === undefined ? undefined : FILTERABLE.get(name)
    if (field === undefined) {
      throw new CocError('validation', `${where}.field: must be one of ${[...FILTERABLE.keys()].join(', ')}`)
    }
    const operator = filter.operator ?? '='
    const values = filter.values ?? []
    if (values.length === 0) throw new CocError('validation', `${where}.values: must hold at least one value`)
    if (name === 'ticket_id') {
      if (operator !== '=' && operator !== 'in') throw new CocError('validation', `${where}.operator: must be = or in for ticket_id`)
      ticketIds.push(...values)
      continue
    }
    if (operator === '=' || operator === 'in') tests.push(entry => values.includes(String(entry[field])))
    else if (operator === '!=') tests.push(entry => !values.includes(String(entry[field])))
    else throw new CocError('validation', `${where}.operator: must be one of =, in, != for ${name}`)
  }
  if (ticketIds.length === 0) {
    throw new CocError('validation', 'string_filters: a filter on ticket_id (= or in) is required')
  }
  const sortName = body.sort_filter?.field ?? body.sort_filter?.name ?? 'start_time'
  const sortField = SORTABLE.get(sortName)
  if (sortField === undefined) throw new CocError('validation', `sort_filter.field: must be one of ${[...SORTABLE.keys()].join(', ')}`)
  const direction = (body.sort_filter?.operator ?? 'asc').toLowerCase()
  if (direction !== 'asc' && direction !== 'desc') throw new CocError('validation', 'sort_filter.operator: must be asc or desc')
  const sign = direction === 'asc' ? 1 : -1
  return {
    ticketIds: [...new Set(ticketIds)],
    keep: entry => tests.every(test => test(entry)),
    // Records of one instant keep the order they were written in.
    compare: (a, b) => sign * ((a[sortField] as number) - (b[sortField] as number))
  }
}
