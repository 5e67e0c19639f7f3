import type { CheckedFilter, CheckedListQuery } from '../incident/list-query.js'
import { isCompare, isLike } from '../incident/list-query.js'

/**
 * The v2 list's checked query as SQL: the store's half of POST /v2/incidents/list. Everything
 * was checked by src/incident/list-query.ts; only column names from its field table reach the
 * SQL text, and every value is a bound parameter.
 */
export interface SqlPart {
  sql: string
  params: unknown[]
}

const likeEscape = (value: string): string => value.replace(/[\\%_]/g, c => '\\' + c)

export function filterSql (filter: CheckedFilter): SqlPart {
  const { spec, operator: op, values } = filter
  const marks = values.map(() => '?').join(', ')
  const pattern = (value: unknown): string => op === 'like' ? `%${likeEscape(String(value))}%` : op === 'startwith' ? `${likeEscape(String(value))}%` : `%${likeEscape(String(value))}`

  if (spec.kind === 'array') {
    if (isLike(op)) {
      return { sql: `EXISTS (SELECT 1 FROM json_each(${spec.column}) WHERE ${values.map(() => "value LIKE ? ESCAPE '\\'").join(' OR ')})`, params: values.map(pattern) }
    }
    const exists = `EXISTS (SELECT 1 FROM json_each(${spec.column}) WHERE value IN (${marks}))`
    return { sql: op === '!=' ? `NOT ${exists}` : exists, params: values }
  }
  if (isLike(op)) return { sql: `(${values.map(() => `${spec.column} LIKE ? ESCAPE '\\'`).join(' OR ')})`, params: values.map(pattern) }
  if (isCompare(op)) return { sql: `${spec.column} ${op} ?`, params: [values[0]] }
  if (op === '!=') return { sql: `(${spec.column} IS NULL OR ${spec.column} NOT IN (${marks}))`, params: values }
  return { sql: `${spec.column} IN (${marks})`, params: values }
}

/** Filters that must all hold, as one clause. */
export function whereSql (filters: readonly CheckedFilter[]): SqlPart {
  if (filters.length === 0) return { sql: '1', params: [] }
  const parts = filters.map(filterSql)
  return { sql: parts.map(part => part.sql).join(' AND '), params: parts.flatMap(part => part.params) }
}

export function orderSql (sort: CheckedListQuery['sort']): string {
  const direction = sort.direction === 'asc' ? 'ASC' : 'DESC'
  return `${sort.column} ${direction}, incident_num ${direction}`
}

/**
 * One slice of a scan: the tickets with ids in (after, upto] that pass the unnamed filters,
 * with their sort key and, per named filter, 1 when it holds. Each named filter is one column,
 * so it is evaluated once per ticket however often the condition names it. Bind
 * `selectParams`, then the domain (null for every domain) and the id range, then `whereParams`.
 */
export function scanSql (query: CheckedListQuery): { sql: string, selectParams: unknown[], whereParams: unknown[] } {
  const named = query.named.map(filterSql)
  const where = whereSql(query.filters)
  const columns = ['incident_num', query.sort.column, ...named.map(part => `(${part.sql}) IS 1`)]
  return {
    // NOT INDEXED: a slice is an id range; an index on (domain_id, ...) would walk the whole
    // domain for every slice. The id range is still a range of the table itself.
    sql: `SELECT ${columns.join(', ')} FROM incidents NOT INDEXED WHERE coalesce(?, domain_id) = domain_id AND id > ? AND id <= ? AND ${where.sql}`,
    selectParams: named.flatMap(part => part.params),
    whereParams: where.params
  }
}
