import { CocError } from '../errors.js'
import type { ListBody } from '../schemas/v2.js'
import { parseCondition, type Condition } from './conditions.js'

/**
 * The v2 list's body as a checked query: every 400 of POST /v2/incidents/list comes from here,
 * and the store renders SQL from what this returns without checking anything again. Field
 * names are v2's (`level_id`, `work_flow_status`, ...); values arrive as strings, also for
 * times, which are compared as numbers.
 */
export type FieldKind = 'text' | 'int' | 'bool' | 'array'
export interface FieldSpec { column: string, kind: FieldKind }

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
export const OPERATORS = ['in', 'like', 'startwith', 'endwith', '=', '!=', '>', '<', '>=', '<='] as const
export type Operator = typeof OPERATORS[number]
const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS)

/**
 * Limits that keep one list request's cost bounded (README, "Limits"). A condition may name
 * a filter many times; each filter is still evaluated once per ticket.
 */
export const LIST_LIMITS = {
  /** Filter names in a condition, counting repeats. */
  conditionTerms: 64,
  /** Values of like, startwith and endwith filters and of filters on list fields, all filters together: each is tested against every ticket. */
  patternValues: 100
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

export interface CheckedListQuery {
  /** Filters the condition does not name: all must hold. */
  filters: CheckedFilter[]
  /** Filters the condition names, each once, whatever the number of times it is named. */
  named: CheckedFilter[]
  condition: CheckedCondition | null
  sort: { field: string, column: string, kind: FieldKind, direction: 'asc' | 'desc' }
  page: number
  perPage: number
  withTotal: boolean
}

const LIKE_OPERATORS: ReadonlySet<string> = new Set(['like', 'startwith', 'endwith'])
const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['>', '<', '>=', '<='])

export const isLike = (operator: Operator): boolean => LIKE_OPERATORS.has(operator)
export const isCompare = (operator: Operator): boolean => COMPARE_OPERATORS.has(operator)

interface RawFilter { where: string, field: string, operator: string, values: string[], name?: string | undefined }

function checkFilter (filter: RawFilter): CheckedFilter {
  const spec = V2_FIELDS.get(filter.field)
  if (spec === undefined) {
    throw new CocError('validation', `${filter.where}.field: [${filter.field}] cannot be filtered; one of ${[...V2_FIELDS.keys()].join(', ')}`)
  }
  const op = filter.operator
  if (!OPERATOR_SET.has(op)) throw new CocError('validation', `${filter.where}.operator: [${op}] is not one of ${OPERATORS.join(', ')}`)
  const operator = op as Operator
  if (filter.values.length === 0) throw new CocError('validation', `${filter.where}.values: must hold at least one value`)
  const rule = (text: string): never => { throw new CocError('validation', `${filter.where}: ${text}`) }

  let values: Array<string | number> = filter.values
  if (spec.kind === 'int') {
    values = filter.values.map(value => /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : rule(`[${value}] is not a number (${filter.field} is compared as epoch milliseconds)`))
  } else if (spec.kind === 'bool') {
    values = filter.values.map(value => value === 'true' ? 1 : value === 'false' ? 0 : rule(`[${value}] is not true or false`))
  }
  if (spec.kind === 'array' && isCompare(operator)) rule(`${op} does not apply to ${filter.field}, a list`)
  if (spec.kind !== 'text' && spec.kind !== 'array' && isLike(operator)) rule(`${op} applies to text fields only`)
  return { where: filter.where, field: filter.field, spec, operator, values }
}

function countTerms (condition: Condition): number {
  return condition.op === 'name' ? 1 : countTerms(condition.left) + countTerms(condition.right)
}

/** Turns a v2 list body into a checked query, or throws GOM.00007256 naming the field and the rule. */
export function checkListQuery (body: ListBody): CheckedListQuery {
  const sortFilter = Array.isArray(body.sort_filter) ? body.sort_filter[0] : body.sort_filter
  const direction = (sortFilter?.operator ?? 'desc').toLowerCase()
  if (direction !== 'asc' && direction !== 'desc') throw new CocError('validation', 'sort_filter.operator: must be asc or desc')

  const raw: RawFilter[] = [
    ...(body.string_filters ?? []).map((f, i) => ({ ...f, where: `string_filters[${i}]` })),
    ...(body.int_filters ?? []).map((f, i) => ({ ...f, where: `int_filters[${i}]` }))
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
  for (const filter of raw) {
    const checked = checkFilter(filter)
    if (filter.name !== undefined && filter.name !== '' && used.has(filter.name)) {
      if (indexOf.has(filter.name)) throw new CocError('validation', `${filter.where}.name: [${filter.name}] names two filters`)
      indexOf.set(filter.name, named.length)
      named.push(checked)
    } else {
      filters.push(checked)
    }
  }
  const patterns = [...filters, ...named].reduce((n, f) => n + (isLike(f.operator) || f.spec.kind === 'array' ? f.values.length : 0), 0)
  if (patterns > LIST_LIMITS.patternValues) {
    throw new CocError('validation', `string_filters: ${patterns} values of like, startwith, endwith or list-field filters; at most ${LIST_LIMITS.patternValues} in all`)
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

  const sortField = sortFilter?.field ?? sortFilter?.name ?? 'create_time'
  const sortSpec = V2_FIELDS.get(sortField)
  if (sortSpec === undefined || !SORTABLE.has(sortField)) {
    throw new CocError('validation', `sort_filter.field: [${sortField}] cannot be sorted on; one of ${[...SORTABLE].join(', ')}`)
  }
  return {
    filters,
    named,
    condition,
    sort: { field: sortField, column: sortSpec.column, kind: sortSpec.kind, direction },
    page: body.page,
    perPage: body.per_page,
    withTotal: body.contain_total === true
  }
}

/** Evaluates a checked condition over one ticket's named-filter results. */
export function evaluate (condition: CheckedCondition, results: ArrayLike<unknown>): boolean {
  if (condition.op === 'filter') return results[condition.index] === 1
  return condition.op === 'and'
    ? evaluate(condition.left, results) && evaluate(condition.right, results)
    : evaluate(condition.left, results) || evaluate(condition.right, results)
}

/** Values a query without patterns may compare in one SQL statement before it is scanned in slices. */
export const DIRECT_VALUES = 20

/**
 * Whether answering needs more than one SQL statement: a condition, a pattern match, a filter
 * on a list field, or many values to compare make SQLite test every ticket of the domain at a
 * cost that grows with them, so the query is answered in slices that leave the event loop free
 * between them. A status and a time range (the common shape) stay one statement on an index.
 */
export function needsScan (query: CheckedListQuery): boolean {
  return query.condition !== null ||
    query.filters.some(f => isLike(f.operator) || f.spec.kind === 'array') ||
    query.filters.reduce((n, f) => n + f.values.length, 0) > DIRECT_VALUES
}
