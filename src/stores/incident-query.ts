import { CocError } from '../errors.js'
import type { Condition } from '../incident/conditions.js'

/**
 * The v2 list's filters as SQL: the store's half of POST /v2/incidents/list. Field names are
 * v2's (`level_id`, `work_flow_status`, ...); values arrive as strings, also for times, which
 * are compared as numbers. Only column names from the table below ever reach the SQL text;
 * every value is a bound parameter.
 */
type Kind = 'text' | 'int' | 'bool' | 'array'

export const V2_FIELDS: Readonly<Record<string, { column: string, kind: Kind }>> = {
  ticket_id: { column: 'incident_num', kind: 'text' },
  level_id: { column: 'incident_level', kind: 'text' },
  mtm_type: { column: 'incident_type', kind: 'text' },
  source_id: { column: 'incident_source', kind: 'text' },
  work_flow_status: { column: 'status', kind: 'text' },
  title: { column: 'incident_title', kind: 'text' },
  description: { column: 'incident_description', kind: 'text' },
  creator: { column: 'creator', kind: 'text' },
  operator: { column: 'operator', kind: 'text' },
  incident_ownership: { column: 'incident_ownership', kind: 'text' },
  assignee: { column: 'incident_assignee', kind: 'array' },
  current_cloud_service_id: { column: 'current_cloud_service', kind: 'array' },
  enterprise_project_id: { column: 'enterprise_project', kind: 'array' },
  mtm_region: { column: 'region', kind: 'array' },
  is_service_interrupt: { column: 'is_service_interrupt', kind: 'bool' },
  create_time: { column: 'create_time', kind: 'int' },
  update_time: { column: 'update_time', kind: 'int' },
  handle_time: { column: 'handle_time', kind: 'int' },
  start_time: { column: 'start_time', kind: 'int' }
}

export const SORTABLE = ['ticket_id', 'level_id', 'mtm_type', 'source_id', 'work_flow_status', 'title', 'creator', 'create_time', 'update_time', 'handle_time', 'start_time']
export const OPERATORS = ['in', 'like', 'startwith', 'endwith', '=', '!=', '>', '<', '>=', '<=']

export interface ListFilter {
  /** Where the filter came from, for messages: `string_filters[0]`. */
  where: string
  name?: string | undefined
  field: string
  operator: string
  values: string[]
}

export interface ListQuery {
  filters: ListFilter[]
  condition: Condition | null
  sort: { field: string, direction: 'asc' | 'desc' }
  page: number
  perPage: number
}

export interface SqlPart {
  sql: string
  params: unknown[]
}

const likeEscape = (value: string): string => value.replace(/[\\%_]/g, c => '\\' + c)

function filterSql (filter: ListFilter): SqlPart {
  const spec = V2_FIELDS[filter.field]
  if (spec === undefined) {
    throw new CocError('validation', `${filter.where}.field: [${filter.field}] cannot be filtered; one of ${Object.keys(V2_FIELDS).join(', ')}`)
  }
  const op = filter.operator
  if (!OPERATORS.includes(op)) throw new CocError('validation', `${filter.where}.operator: [${op}] is not one of ${OPERATORS.join(', ')}`)
  if (filter.values.length === 0) throw new CocError('validation', `${filter.where}.values: must hold at least one value`)
  const rule = (text: string): never => { throw new CocError('validation', `${filter.where}: ${text}`) }

  let values: unknown[] = filter.values
  if (spec.kind === 'int') {
    values = filter.values.map(value => /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : rule(`[${value}] is not a number (${filter.field} is compared as epoch milliseconds)`))
  } else if (spec.kind === 'bool') {
    values = filter.values.map(value => value === 'true' ? 1 : value === 'false' ? 0 : rule(`[${value}] is not true or false`))
  }
  const marks = values.map(() => '?').join(', ')
  const pattern = (value: unknown): string => op === 'like' ? `%${likeEscape(String(value))}%` : op === 'startwith' ? `${likeEscape(String(value))}%` : `%${likeEscape(String(value))}`
  const isLike = op === 'like' || op === 'startwith' || op === 'endwith'
  const isCompare = op === '>' || op === '<' || op === '>=' || op === '<='

  if (spec.kind === 'array') {
    if (isCompare) rule(`${op} does not apply to ${filter.field}, a list`)
    if (isLike) {
      return { sql: `EXISTS (SELECT 1 FROM json_each(${spec.column}) WHERE ${values.map(() => "value LIKE ? ESCAPE '\\'").join(' OR ')})`, params: values.map(pattern) }
    }
    const exists = `EXISTS (SELECT 1 FROM json_each(${spec.column}) WHERE value IN (${marks}))`
    return { sql: op === '!=' ? `NOT ${exists}` : exists, params: values }
  }
  if (isLike) {
    if (spec.kind !== 'text') rule(`${op} applies to text fields only`)
    return { sql: `(${values.map(() => `${spec.column} LIKE ? ESCAPE '\\'`).join(' OR ')})`, params: values.map(pattern) }
  }
  if (isCompare) return { sql: `${spec.column} ${op} ?`, params: [values[0]] }
  if (op === '!=') return { sql: `(${spec.column} IS NULL OR ${spec.column} NOT IN (${marks}))`, params: values }
  return { sql: `${spec.column} IN (${marks})`, params: values }
}

/**
 * The WHERE clause of a query: named filters joined by the condition; every filter the
 * condition does not name is ANDed, so no filter is ever silently dropped.
 */
export function whereSql (query: Pick<ListQuery, 'filters' | 'condition'>): SqlPart {
  const named = new Map<string, SqlPart>()
  const parts: SqlPart[] = []
  const used = new Set<string>()
  const collect = (condition: Condition): void => {
    if (condition.op === 'name') used.add(condition.name)
    else { collect(condition.left); collect(condition.right) }
  }
  if (query.condition !== null) collect(query.condition)
  for (const filter of query.filters) {
    const part = filterSql(filter)
    if (filter.name !== undefined && filter.name !== '' && used.has(filter.name)) {
      if (named.has(filter.name)) throw new CocError('validation', `${filter.where}.name: [${filter.name}] names two filters`)
      named.set(filter.name, part)
    } else {
      parts.push(part)
    }
  }
  if (query.condition !== null) {
    const render = (condition: Condition): SqlPart => {
      if (condition.op === 'name') {
        const part = named.get(condition.name)
        if (part === undefined) throw new CocError('validation', `condition: no filter is named [${condition.name}]`)
        return part
      }
      const left = render(condition.left)
      const right = render(condition.right)
      return { sql: `(${left.sql} ${condition.op === 'and' ? 'AND' : 'OR'} ${right.sql})`, params: [...left.params, ...right.params] }
    }
    parts.unshift(render(query.condition))
  }
  return parts.length === 0
    ? { sql: '1', params: [] }
    : { sql: parts.map(part => part.sql).join(' AND '), params: parts.flatMap(part => part.params) }
}

export function orderSql (sort: ListQuery['sort']): string {
  const spec = V2_FIELDS[sort.field]
  if (spec === undefined || !SORTABLE.includes(sort.field)) {
    throw new CocError('validation', `sort_filter.field: [${sort.field}] cannot be sorted on; one of ${SORTABLE.join(', ')}`)
  }
  const direction = sort.direction === 'asc' ? 'ASC' : 'DESC'
  return `${spec.column} ${direction}, incident_num ${direction}`
}
