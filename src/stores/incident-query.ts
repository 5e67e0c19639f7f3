import type { CheckedCondition, CheckedFilter, CheckedListQuery } from '../incident/list-query.js'
import { isCompare, isLike } from '../incident/list-query.js'
import type { HistoryEntry } from '../incident/record.js'
import { HISTORY_COLUMNS } from './schema.js'

/**
 * A checked list query as SQL: the store's half of the v2 list and v2 histories. Everything was
 * checked by src/incident/list-query.ts; only column names from its table descriptions reach
 * the SQL text, and every value is a bound parameter.
 */
interface SqlPart {
  sql: string
  params: unknown[]
}

/**
 * Which rows a query reads: a domain's tickets (every domain's when `domainId` is undefined), or
 * one ticket's history records, stored or, for a seeded ticket, derived and passed in.
 */
export type QueryScope =
  | { table: 'incidents', domainId: string | undefined }
  | { table: 'histories', incidentNum: string, derived: readonly HistoryEntry[] }

/**
 * The rows in scope as a FROM clause and the condition that keeps them. A ticket's history is
 * its stored records, or the records derived from a seeded ticket (bound as JSON), under the
 * same columns: `seq` orders them as they were written.
 */
function sourceSql (scope: QueryScope): { from: string, where: string, params: unknown[] } {
  if (scope.table === 'incidents') {
    return scope.domainId === undefined ? { from: 'incidents', where: '1', params: [] } : { from: 'incidents', where: 'domain_id = ?', params: [scope.domainId] }
  }
  const stored = `SELECT id AS seq, CAST(id AS TEXT) AS id, ${HISTORY_COLUMNS.join(', ')} FROM histories WHERE incident_num = ?`
  const derived = `SELECT CAST(key AS INTEGER), json_extract(value, '$.id'), ${HISTORY_COLUMNS.map(column => `json_extract(value, '$.${column}')`).join(', ')} FROM json_each(?)`
  return { from: `(${stored} UNION ALL ${derived})`, where: '1', params: [scope.incidentNum, JSON.stringify(scope.derived)] }
}

/** Escapes LIKE's wildcards (with ESCAPE '\\') so that a pattern matches the text as given. */
export const likeEscape = (value: string): string => value.replace(/[\\%_]/g, c => '\\' + c)

function filterSql (filter: CheckedFilter): SqlPart {
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
function whereSql (filters: readonly CheckedFilter[]): SqlPart {
  if (filters.length === 0) return { sql: '1', params: [] }
  const parts = filters.map(filterSql)
  return { sql: parts.map(part => part.sql).join(' AND '), params: parts.flatMap(part => part.params) }
}

/**
 * A condition over the named filters as SQL, for the small scopes answered in one statement (a
 * ticket's history): a filter named twice is rendered twice, which a domain's tickets would pay
 * for on every row, so there the condition is evaluated by the sliced scan instead.
 */
function conditionSql (condition: CheckedCondition, named: readonly CheckedFilter[]): SqlPart {
  if (condition.op === 'filter') return filterSql(named[condition.index]!)
  const left = conditionSql(condition.left, named)
  const right = conditionSql(condition.right, named)
  return { sql: `((${left.sql}) ${condition.op === 'and' ? 'AND' : 'OR'} (${right.sql}))`, params: [...left.params, ...right.params] }
}

/** Every row of the scope that the query matches, as one clause: scope, filters and condition. */
function matchSql (query: CheckedListQuery, scope: QueryScope, filters: readonly CheckedFilter[] = query.filters): { from: string, where: string, params: unknown[] } {
  const source = sourceSql(scope)
  const where = whereSql(filters)
  const condition = query.condition === null ? null : conditionSql(query.condition, query.named)
  return {
    from: source.from,
    where: `${source.where} AND ${where.sql}${condition === null ? '' : ` AND ${condition.sql}`}`,
    params: [...source.params, ...where.params, ...(condition?.params ?? [])]
  }
}

function orderSql (query: Pick<CheckedListQuery, 'sort' | 'table'>): string {
  const direction = query.sort.direction === 'asc' ? 'ASC' : 'DESC'
  const { column, followsSort } = query.table.tieBreak
  return `${query.sort.column} ${direction}, ${column} ${followsSort ? direction : 'ASC'}`
}

/** A page of the matching rows: bind `params`, then the limit and the offset. */
export function pageSql (columns: readonly string[], query: CheckedListQuery, scope: QueryScope): SqlPart {
  const match = matchSql(query, scope)
  return { sql: `SELECT ${columns.join(', ')} FROM ${match.from} WHERE ${match.where} ORDER BY ${orderSql(query)} LIMIT ? OFFSET ?`, params: match.params }
}

/** How many rows match. */
export function countSql (query: CheckedListQuery, scope: QueryScope): SqlPart {
  const match = matchSql(query, scope)
  return { sql: `SELECT count(*) AS n FROM ${match.from} WHERE ${match.where}`, params: match.params }
}

/**
 * The count per value of the group_by_filter's field among the matching rows (and those its own
 * values match), in no particular order: the caller orders them, as it does a scan's tally, and
 * merges NULL into "" (a plain GROUP BY reads the status index in order; grouping on an
 * expression would sort the domain in a temporary b-tree, three times slower). At most `limit` rows.
 */
export function groupSql (query: CheckedListQuery, scope: QueryScope, limit: number): SqlPart {
  const groupBy = query.groupBy!
  const match = matchSql(query, scope, groupBy.filter === null ? query.filters : [...query.filters, groupBy.filter])
  const column = groupBy.spec.column
  return {
    sql: `SELECT ${column} AS value, count(*) AS n FROM ${match.from} WHERE ${match.where} GROUP BY ${column} LIMIT ?`,
    params: [...match.params, limit]
  }
}

/**
 * One slice of a scan: the tickets with ids in (after, upto] that pass the unnamed filters,
 * with their sort key, per named filter 1 when it holds, and with a group_by_filter the group's
 * value and 1 when the group_by_filter's own values match. Each named filter is one column, so
 * it is evaluated once per ticket however often the condition names it. Bind `selectParams`,
 * then the domain (null for every domain) and the id range, then `whereParams`.
 */
export function scanSql (query: CheckedListQuery): { sql: string, selectParams: unknown[], whereParams: unknown[] } {
  const named = query.named.map(filterSql)
  const where = whereSql(query.filters)
  const groupFilter = query.groupBy?.filter == null ? null : filterSql(query.groupBy.filter)
  const group = query.groupBy === null ? [] : [query.groupBy.spec.column, groupFilter === null ? '1' : `(${groupFilter.sql}) IS 1`]
  const columns = ['incident_num', query.sort.column, ...named.map(part => `(${part.sql}) IS 1`), ...group]
  return {
    // NOT INDEXED: a slice is an id range; an index on (domain_id, ...) would walk the whole
    // domain for every slice. The id range is still a range of the table itself.
    sql: `SELECT ${columns.join(', ')} FROM incidents NOT INDEXED WHERE coalesce(?, domain_id) = domain_id AND id > ? AND id <= ? AND ${where.sql}`,
    selectParams: [...named.flatMap(part => part.params), ...(groupFilter?.params ?? [])],
    whereParams: where.params
  }
}
