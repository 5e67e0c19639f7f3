import { CocError } from '../errors.js'
import type { ListHistoriesBody } from '../schemas/v1.js'
import type { FilterInput, ListQueryBody } from '../schemas/v2.js'
import { parseCondition, type Condition } from './conditions.js'
import type { HistoryEntry } from './record.js'

/**
 * A list body as a checked query: every 400 of the lists comes from here. A v2 list body
 * (POST /v2/incidents/list, POST /v2/incidents/{incident_id}/histories, and the control plane's
 * ticket lists) goes through checkListQuery, and the store renders SQL from what it returns
 * without checking anything again. What may be filtered, sorted and grouped is the table's
 * description (INCIDENT_TABLE, HISTORY_TABLE). Field names are v2's (`level_id`,
 * `work_flow_status`, ...); values arrive as strings, also for times, which are compared as numbers.
 * The v1 list-histories body goes through checkV1HistoryQuery, over HISTORY_TABLE's fields.
 */
type FieldKind = 'text' | 'int' | 'bool' | 'array'
interface FieldSpec { column: string, kind: FieldKind }

// A Map, not an object: a field named `toString` or `__proto__` must be unknown, not inherited.
export const V2_FIELDS: ReadonlyMap<string, FieldSpec> = new Map([
  ['ticket_id', { column: 'incident_num', kind: 'text' }],
  ['level_id', { column: 'incident_level', kind: 'text' }],
  ['mtm_type', { column: 'incident_type', kind: 'text' }],
  ['source_id', { column: 'incident_source', kind: 'text' }],
  ['work_flow_status', { column: 'status', kind: 'text' }],
  ['title', { column: 'incident_title', kind: 'text' }],
  ['description', { column: 'incident_description', kind: 'text' }],
  ['creator', { column: 'creator', kind: 'text' }],
  ['operator', { column: 'operator', kind: 'text' }],
  ['incident_ownership', { column: 'incident_ownership', kind: 'text' }],
  ['assignee', { column: 'incident_assignee', kind: 'array' }],
  ['current_cloud_service_id', { column: 'current_cloud_service', kind: 'array' }],
  ['enterprise_project_id', { column: 'enterprise_project', kind: 'array' }],
  ['mtm_region', { column: 'region', kind: 'array' }],
  ['is_service_interrupt', { column: 'is_service_interrupt', kind: 'bool' }],
  ['create_time', { column: 'create_time', kind: 'int' }],
  ['update_time', { column: 'update_time', kind: 'int' }],
  ['handle_time', { column: 'handle_time', kind: 'int' }],
  ['start_time', { column: 'start_time', kind: 'int' }]
] satisfies Array<[string, FieldSpec]>)

export const SORTABLE: ReadonlySet<string> = new Set(['ticket_id', 'level_id', 'mtm_type', 'source_id', 'work_flow_status', 'title', 'creator', 'create_time', 'update_time', 'handle_time', 'start_time'])

/** What a list reads: its fields and what may be sorted and grouped on. The store knows each table's rows. */
interface QueryTable {
  /** What a row is, for messages. */
  noun: string
  fields: ReadonlyMap<string, FieldSpec>
  sortable: ReadonlySet<string>
  /** Fields a group_by_filter may name: few distinct values each. */
  groupable: ReadonlySet<string>
  /** Groupable fields an index answers at once; grouping on another one scans in slices. */
  groupedByIndex: ReadonlySet<string>
  defaultSort: { field: string, direction: 'asc' | 'desc' }
  /**
   * Order among rows of one sort key: the column, and whether it follows the sort's direction
   * (tickets by number) or always ascends (history records in the order they were written).
   */
  tieBreak: { column: string, followsSort: boolean }
  /** The field whose values are incident categories: exact filters on it may name registered keys only. */
  categoryField?: string
}

export const INCIDENT_TABLE: QueryTable = {
  noun: 'tickets',
  fields: V2_FIELDS,
  sortable: SORTABLE,
  groupable: new Set(['level_id', 'mtm_type', 'source_id', 'work_flow_status', 'creator', 'operator', 'incident_ownership', 'is_service_interrupt']),
  groupedByIndex: new Set(['work_flow_status']),
  defaultSort: { field: 'create_time', direction: 'desc' },
  tieBreak: { column: 'incident_num', followsSort: true },
  categoryField: 'mtm_type'
}

/**
 * A ticket's operation history, with the v2 history item's names (CocTicketHistoryBaseInfoV2)
 * and v1's for the ticket and the step (`ticket_id`, `action_id`). `update_time` is the record's
 * stop time, as in the v1 item.
 */
export const HISTORY_FIELDS: ReadonlyMap<string, FieldSpec> = new Map([
  ['ticket_id', { column: 'incident_num', kind: 'text' }],
  ['action', { column: 'action', kind: 'text' }],
  ['action_id', { column: 'step', kind: 'text' }],
  ['operator', { column: 'operator', kind: 'text' }],
  ['status', { column: 'status', kind: 'text' }],
  ['comment', { column: 'comment', kind: 'text' }],
  ['start_time', { column: 'start_time', kind: 'int' }],
  ['stop_time', { column: 'stop_time', kind: 'int' }],
  ['update_time', { column: 'stop_time', kind: 'int' }]
] satisfies Array<[string, FieldSpec]>)

export const HISTORY_TABLE: QueryTable = {
  noun: 'history records',
  fields: HISTORY_FIELDS,
  sortable: new Set(['start_time', 'stop_time', 'update_time', 'action', 'operator', 'status']),
  groupable: new Set(['action', 'action_id', 'operator', 'status']),
  // A ticket's records are read through its index (histories_ticket) and are few: every query on them is one statement.
  groupedByIndex: new Set(['action', 'action_id', 'operator', 'status']),
  defaultSort: { field: 'start_time', direction: 'asc' },
  tieBreak: { column: 'seq', followsSort: false }
}
export const OPERATORS = ['in', 'like', 'startwith', 'endwith', '=', '!=', '>', '<', '>=', '<='] as const
type Operator = typeof OPERATORS[number]
const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS)

/**
 * Limits that keep one list request's cost bounded (README, "Limits"). A condition may name
 * a filter many times; each filter is still evaluated once per ticket.
 */
export const LIST_LIMITS = {
  /** Filter names in a condition, counting repeats. */
  conditionTerms: 64,
  /** Values of like, startwith and endwith filters and of filters on list fields, all filters together: each is tested against every ticket. */
  patternValues: 100,
  /** Named sets of count_filters: each is one more count over the domain. */
  countSets: 10,
  /** Filters in one count set, as many as string_filters may hold. */
  countSetFilters: 20,
  /** Distinct values a group_by_filter may answer. */
  groups: 1000
} as const

export interface CheckedFilter {
  /** Where the filter came from, for messages: `string_filters[0]`. */
  where: string
  field: string
  spec: FieldSpec
  operator: Operator
  /** Typed: numbers for times, 0/1 for booleans, text otherwise. */
  values: Array<string | number>
}

/** A condition over the named filters, by their index in `named`. */
export type CheckedCondition =
  | { op: 'filter', index: number }
  | { op: 'and' | 'or', left: CheckedCondition, right: CheckedCondition }

/** A count_filters set: the rows matching all its filters are counted. */
interface CheckedCountSet { name: string, filters: CheckedFilter[] }

interface CheckedGroupBy {
  field: string
  spec: FieldSpec
  /** The group_by_filter's own operator and values, when it has values: only rows it matches are grouped. */
  filter: CheckedFilter | null
}

export interface CheckedListQuery {
  table: QueryTable
  /** Filters the condition does not name: all must hold. */
  filters: CheckedFilter[]
  /** Filters the condition names, each once, whatever the number of times it is named. */
  named: CheckedFilter[]
  condition: CheckedCondition | null
  sort: { field: string, column: string, kind: FieldKind, direction: 'asc' | 'desc' }
  page: number
  perPage: number
  withTotal: boolean
  /** Named counts asked for by count_filters, each independent of the list's own filters. */
  counts: CheckedCountSet[]
  /** The group_by_filter: the count per value of a field among the rows the list matches. */
  groupBy: CheckedGroupBy | null
}

const LIKE_OPERATORS: ReadonlySet<string> = new Set(['like', 'startwith', 'endwith'])
const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['>', '<', '>=', '<='])

export const isLike = (operator: Operator): boolean => LIKE_OPERATORS.has(operator)
export const isCompare = (operator: Operator): boolean => COMPARE_OPERATORS.has(operator)

interface RawFilter { where: string, field: string | undefined, operator: string, values: string[], name?: string | undefined }

const raw = (filter: FilterInput, where: string): RawFilter =>
  ({ where, field: filter.field ?? filter.name, operator: filter.operator ?? '=', values: filter.values ?? [], name: filter.name })

const noValues = (filter: RawFilter): CocError => new CocError('validation', `${filter.where}.values: must hold at least one value`)

/** A sort_filter's direction, `fallback` when it names none; either case is read. */
function checkDirection (operator: string | undefined, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  const direction = (operator ?? fallback).toLowerCase()
  if (direction !== 'asc' && direction !== 'desc') throw new CocError('validation', 'sort_filter.operator: must be asc or desc')
  return direction
}

function checkFilter (table: QueryTable, filter: RawFilter): CheckedFilter {
  const spec = filter.field === undefined ? undefined : table.fields.get(filter.field)
  if (spec === undefined) {
    const named = filter.field === undefined ? 'is required' : `[${filter.field}] cannot be filtered`
    throw new CocError('validation', `${filter.where}.field: ${named}; one of ${[...table.fields.keys()].join(', ')}`)
  }
  const op = filter.operator
  if (!OPERATOR_SET.has(op)) throw new CocError('validation', `${filter.where}.operator: [${op}] is not one of ${OPERATORS.join(', ')}`)
  const operator = op as Operator
  if (filter.values.length === 0) throw noValues(filter)
  const rule = (text: string): never => { throw new CocError('validation', `${filter.where}: ${text}`) }

  let values: Array<string | number> = filter.values
  if (spec.kind === 'int') {
    values = filter.values.map(value => /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : rule(`[${value}] is not a number (${filter.field} is compared as epoch milliseconds)`))
  } else if (spec.kind === 'bool') {
    values = filter.values.map(value => value === 'true' ? 1 : value === 'false' ? 0 : rule(`[${value}] is not true or false`))
  }
  if (spec.kind === 'array' && isCompare(operator)) rule(`${op} does not apply to ${filter.field}, a list`)
  if (spec.kind !== 'text' && spec.kind !== 'array' && isLike(operator)) rule(`${op} applies to text fields only`)
  return { where: filter.where, field: filter.field!, spec, operator, values }
}

const patternCount = (filters: readonly CheckedFilter[]): number =>
  filters.reduce((n, f) => n + (isLike(f.operator) || f.spec.kind === 'array' ? f.values.length : 0), 0)

function checkCounts (table: QueryTable, sets: ListQueryBody['count_filters']): CheckedCountSet[] {
  const list = sets ?? []
  if (list.length > LIST_LIMITS.countSets) throw new CocError('validation', `count_filters: ${list.length} sets; at most ${LIST_LIMITS.countSets}`)
  return list.map((set, i) => {
    const filters = set.filters ?? []
    if (filters.length > LIST_LIMITS.countSetFilters) {
      throw new CocError('validation', `count_filters[${i}].filters: ${filters.length} filters; at most ${LIST_LIMITS.countSetFilters}`)
    }
    return { name: set.name ?? '', filters: filters.map((f, j) => checkFilter(table, raw(f, `count_filters[${i}].filters[${j}]`))) }
  })
}

function checkGroupBy (table: QueryTable, input: ListQueryBody['group_by_filter']): CheckedGroupBy | null {
  // The SDK sends one filter object, Terraform's incidents data source a list of at most one.
  const list = input === undefined ? [] : Array.isArray(input) ? input : [input]
  if (list.length > 1) throw new CocError('validation', `group_by_filter: ${list.length} filters; one field is grouped on at a time`)
  const group = list[0]
  // An empty object names no field: nothing is grouped, as before group_by_filter was applied.
  if (group === undefined || (group.field === undefined && group.name === undefined)) return null
  const where = Array.isArray(input) ? 'group_by_filter[0]' : 'group_by_filter'
  const field = group.field ?? group.name!
  const spec = table.fields.get(field)
  if (spec === undefined || !table.groupable.has(field)) {
    throw new CocError('validation', `${where}.field: [${field}] cannot be grouped on; one of ${[...table.groupable].join(', ')}`)
  }
  const values = group.values ?? []
  const filter = values.length === 0 ? null : checkFilter(table, raw({ ...group, field }, where))
  return { field, spec, filter }
}

// Filters that name categories exactly; like and comparisons take patterns and bounds instead.
const EXACT_OPERATORS: ReadonlySet<string> = new Set(['=', 'in', '!='])

/** Throws the 400 that names `field` and lists the registered keys unless `key` is a registered category. */
export type CategoryCheck = (field: string, key: string) => void

/** Every exact filter on the table's category field, wherever in the body it stands, names registered categories only. */
function checkCategories (table: QueryTable, filters: readonly CheckedFilter[], check: CategoryCheck): void {
  for (const filter of filters) {
    if (filter.field !== table.categoryField || !EXACT_OPERATORS.has(filter.operator)) continue
    filter.values.forEach((value, i) => { check(`${filter.where}.values[${i}]`, String(value)) })
  }
}

function countTerms (condition: Condition): number {
  return condition.op === 'name' ? 1 : countTerms(condition.left) + countTerms(condition.right)
}

/**
 * Turns a v2 list body into a checked query over `table` (the v2 list's tickets unless told),
 * or throws GOM.00007256 naming the field and the rule. With `checkCategory`, category keys in
 * string_filters, count_filters and the group_by_filter must be registered.
 */
export function checkListQuery (body: ListQueryBody, table: QueryTable = INCIDENT_TABLE, checkCategory?: CategoryCheck): CheckedListQuery {
  const sortFilter = Array.isArray(body.sort_filter) ? body.sort_filter[0] : body.sort_filter
  const direction = checkDirection(sortFilter?.operator, table.defaultSort.direction)

  const given: RawFilter[] = [
    ...(body.string_filters ?? []).map((f, i) => raw(f, `string_filters[${i}]`)),
    ...(body.int_filters ?? []).map((f, i) => raw(f, `int_filters[${i}]`))
  ]
  const tree = body.condition === undefined || body.condition.trim() === '' ? null : parseCondition(body.condition)
  if (tree !== null) {
    const terms = countTerms(tree)
    if (terms > LIST_LIMITS.conditionTerms) {
      throw new CocError('validation', `condition: names filters ${terms} times; at most ${LIST_LIMITS.conditionTerms}`)
    }
  }
  const used = new Set<string>()
  const collect = (condition: Condition): void => {
    if (condition.op === 'name') used.add(condition.name)
    else { collect(condition.left); collect(condition.right) }
  }
  if (tree !== null) collect(tree)

  const filters: CheckedFilter[] = []
  const named: CheckedFilter[] = []
  const indexOf = new Map<string, number>()
  for (const filter of given) {
    const checked = checkFilter(table, filter)
    if (filter.name !== undefined && filter.name !== '' && used.has(filter.name)) {
      if (indexOf.has(filter.name)) throw new CocError('validation', `${filter.where}.name: [${filter.name}] names two filters`)
      indexOf.set(filter.name, named.length)
      named.push(checked)
    } else {
      filters.push(checked)
    }
  }
  const patterns = patternCount([...filters, ...named])
  if (patterns > LIST_LIMITS.patternValues) {
    throw new CocError('validation', `string_filters: ${patterns} values of like, startwith, endwith or list-field filters; at most ${LIST_LIMITS.patternValues} in all`)
  }
  const counts = checkCounts(table, body.count_filters)
  const groupBy = checkGroupBy(table, body.group_by_filter)
  // Every pattern is tested against every row, whichever part of the body it came from.
  const allPatterns = patterns + patternCount(counts.flatMap(set => set.filters)) + patternCount(groupBy?.filter == null ? [] : [groupBy.filter])
  if (allPatterns > LIST_LIMITS.patternValues) {
    throw new CocError('validation', `count_filters: ${allPatterns} values of like, startwith, endwith or list-field filters with the list's own and the group_by_filter's; at most ${LIST_LIMITS.patternValues} in all`)
  }
  const resolve = (condition: Condition): CheckedCondition => {
    if (condition.op === 'name') {
      const index = indexOf.get(condition.name)
      if (index === undefined) throw new CocError('validation', `condition: no filter is named [${condition.name}]`)
      return { op: 'filter', index }
    }
    return { op: condition.op, left: resolve(condition.left), right: resolve(condition.right) }
  }
  const condition = tree === null ? null : resolve(tree)

  const sortField = sortFilter?.field ?? sortFilter?.name ?? table.defaultSort.field
  const sortSpec = table.fields.get(sortField)
  if (sortSpec === undefined || !table.sortable.has(sortField)) {
    throw new CocError('validation', `sort_filter.field: [${sortField}] cannot be sorted on; one of ${[...table.sortable].join(', ')}`)
  }
  if (checkCategory !== undefined) {
    checkCategories(table, [...filters, ...named, ...counts.flatMap(set => set.filters), ...(groupBy?.filter == null ? [] : [groupBy.filter])], checkCategory)
  }
  return {
    table,
    filters,
    named,
    condition,
    sort: { field: sortField, column: sortSpec.column, kind: sortSpec.kind, direction },
    page: body.page,
    perPage: body.per_page,
    withTotal: body.contain_total === true,
    counts,
    groupBy
  }
}

/** The refusal of a group_by_filter whose field has more values among the matching rows than a page of groups holds. */
export function tooManyGroups (query: CheckedListQuery): CocError {
  return new CocError('validation', `group_by_filter.field: [${query.groupBy!.field}] has more than ${LIST_LIMITS.groups} values among the matching ${query.table.noun}; at most ${LIST_LIMITS.groups} groups`)
}

/** A group's value as v2 sends every scalar: a string, booleans as true and false (a missing text arrives as ""). */
export function groupValue (query: CheckedListQuery, value: unknown): string {
  if (query.groupBy!.spec.kind === 'bool') return value === 1 ? 'true' : 'false'
  return String(value)
}

/** A count set as a query of its own: its filters, all of which must hold, and nothing else. */
export function countQuery (query: CheckedListQuery, set: CheckedCountSet): CheckedListQuery {
  return { ...query, filters: set.filters, named: [], condition: null, withTotal: true, counts: [], groupBy: null }
}

/** Evaluates a checked condition over one ticket's named-filter results. */
export function evaluate (condition: CheckedCondition, results: ArrayLike<unknown>): boolean {
  if (condition.op === 'filter') return results[condition.index] === 1
  return condition.op === 'and'
    ? evaluate(condition.left, results) && evaluate(condition.right, results)
    : evaluate(condition.left, results) || evaluate(condition.right, results)
}

/** The v1 list-histories body as a query the service runs over the histories of the tickets it names. */
interface V1HistoryQuery {
  ticketIds: string[]
  keep (entry: HistoryEntry): boolean
  compare (a: HistoryEntry, b: HistoryEntry): number
}

/** HISTORY_FIELDS' names that v1 reads, with their columns: v1 filters on fewer fields than v2 histories and sorts by time only. */
const v1Fields = (names: string[]): ReadonlyMap<string, keyof HistoryEntry> =>
  // Every column of HISTORY_FIELDS is a HistoryEntry key: the histories table stores HistoryEntry.
  new Map(names.map(name => [name, HISTORY_FIELDS.get(name)!.column as keyof HistoryEntry]))
const V1_HISTORY_FILTERS = v1Fields(['ticket_id', 'action', 'operator'])
const V1_HISTORY_SORTS = v1Fields(['start_time', 'update_time', 'stop_time'])

/**
 * The v1 list-histories body (ListTicketOperationHistories) as a query, or GOM.00007256 naming
 * the field and the rule, in v1's own words. A filter on `ticket_id` (`=` or `in`) says whose
 * history to read (v2 names its one ticket in the path); `action` and `operator` narrow it (`=`,
 * `in`, `!=`). Sorting is by time, oldest first unless `sort_filter.operator` is `desc`.
 */
export function checkV1HistoryQuery (body: ListHistoriesBody): V1HistoryQuery {
  const ticketIds: string[] = []
  const tests: Array<(entry: HistoryEntry) => boolean> = []
  for (const [i, input] of (body.string_filters ?? []).entries()) {
    const filter = raw(input, `string_filters[${i}]`)
    const field = filter.field === undefined ? undefined : V1_HISTORY_FILTERS.get(filter.field)
    if (field === undefined) {
      throw new CocError('validation', `${filter.where}.field: must be one of ${[...V1_HISTORY_FILTERS.keys()].join(', ')}`)
    }
    const { operator, values } = filter
    if (values.length === 0) throw noValues(filter)
    if (filter.field === 'ticket_id') {
      if (operator !== '=' && operator !== 'in') throw new CocError('validation', `${filter.where}.operator: must be = or in for ticket_id`)
      ticketIds.push(...values)
      continue
    }
    if (!EXACT_OPERATORS.has(operator)) {
      throw new CocError('validation', `${filter.where}.operator: must be one of ${[...EXACT_OPERATORS].join(', ')} for ${filter.field}`)
    }
    const negated = operator === '!='
    tests.push(entry => values.includes(String(entry[field])) !== negated)
  }
  if (ticketIds.length === 0) {
    throw new CocError('validation', 'string_filters: a filter on ticket_id (= or in) is required')
  }
  const sortName = body.sort_filter?.field ?? body.sort_filter?.name ?? HISTORY_TABLE.defaultSort.field
  const sortField = V1_HISTORY_SORTS.get(sortName)
  if (sortField === undefined) throw new CocError('validation', `sort_filter.field: must be one of ${[...V1_HISTORY_SORTS.keys()].join(', ')}`)
  const sign = checkDirection(body.sort_filter?.operator, HISTORY_TABLE.defaultSort.direction) === 'asc' ? 1 : -1
  return {
    ticketIds: [...new Set(ticketIds)],
    keep: entry => tests.every(test => test(entry)),
    // Records of one instant keep the order they were written in (the sort is stable).
    compare: (a, b) => sign * ((a[sortField] as number) - (b[sortField] as number))
  }
}

/** Values a query without patterns may compare in one SQL statement before it is scanned in slices. */
const DIRECT_VALUES = 20

/**
 * Whether answering needs more than one SQL statement: a condition, a pattern match, a filter
 * on a list field, or many values to compare make SQLite test every ticket of the domain at a
 * cost that grows with them, so the query is answered in slices that leave the event loop free
 * between them. A status and a time range (the common shape) stay one statement on an index.
 */
export function needsScan (query: CheckedListQuery): boolean {
  const { groupBy } = query
  return query.condition !== null ||
    query.filters.some(f => isLike(f.operator) || f.spec.kind === 'array') ||
    query.filters.reduce((n, f) => n + f.values.length, 0) > DIRECT_VALUES ||
    (groupBy !== null && (!query.table.groupedByIndex.has(groupBy.field) || (groupBy.filter !== null && isLike(groupBy.filter.operator))))
}
