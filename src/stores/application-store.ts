import type Database from 'better-sqlite3'
import { likeEscape } from './incident-query.js'

/**
 * The applications' DDL, on the incident store's connection (same file, same transactions).
 * `seq` orders the list and its marker paging; AUTOINCREMENT so that an id is never given twice,
 * even after the newest application was deleted.
 */
const APPLICATION_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS applications (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT    NOT NULL UNIQUE,
  domain_id     TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  -- The Chinese display name of seeded applications (enum_data_list's name_zh); null: name.
  name_zh       TEXT,
  code          TEXT    NOT NULL,
  parent_id     TEXT    NOT NULL,
  description   TEXT    NOT NULL,
  path          TEXT    NOT NULL,
  is_collection INTEGER NOT NULL,
  create_time   INTEGER NOT NULL,
  update_time   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS applications_domain ON applications (domain_id, seq);
`

export interface ApplicationRecord {
  id: string
  domain_id: string
  name: string
  name_zh: string | null
  code: string
  /** '' for a top-level application. */
  parent_id: string
  description: string
  path: string
  is_collection: boolean
  create_time: number
  update_time: number
}

/** The list's filters, every one optional; `marker` is the id after which the page starts. */
interface ApplicationFilter {
  idList?: readonly string[]
  parentId?: string
  nameLike?: string
  code?: string
  marker?: string
  limit: number
}

export interface ApplicationStore {
  get (domainId: string, id: string): ApplicationRecord | undefined
  /** The application of this id in any domain (ids are unique across domains). */
  find (id: string): ApplicationRecord | undefined
  /** Next value of the id counter (never reused, cleared with the store). */
  nextSeq (): number
  insert (record: ApplicationRecord): void
  update (record: ApplicationRecord): void
  /** False when no domain has it. */
  remove (id: string): boolean
  /** A page of the domain's applications (every domain's when undefined), oldest first. */
  list (domainId: string | undefined, filter: ApplicationFilter): ApplicationRecord[]
  hasChildren (domainId: string, id: string): boolean
  /** True when the domain has another application of this name under the same parent. */
  nameTaken (domainId: string, parentId: string, name: string, exceptId?: string): boolean
  /** How many applications the domain has (every domain's when undefined). */
  count (domainId?: string): number
  /** Calls `listener` after every write (names shown by tickets may have changed). */
  subscribe (listener: () => void): void
  /** Runs `fn` in one transaction; nested in another, it is a savepoint of it (a failure undoes its own writes). */
  transaction<T> (fn: () => T): T
  clear (): void
}

interface ApplicationRow extends Omit<ApplicationRecord, 'is_collection'> { is_collection: number }

function fromRow (row: ApplicationRow): ApplicationRecord {
  return { ...row, is_collection: row.is_collection === 1 }
}

const COLUMNS = 'id, domain_id, name, name_zh, code, parent_id, description, path, is_collection, create_time, update_time'

export function openApplicationStore (db: Database.Database): ApplicationStore {
  db.exec(APPLICATION_SCHEMA_SQL)
  const listeners: Array<() => void> = []
  const changed = (): void => { for (const listener of listeners) listener() }
  const selectOne = db.prepare<[string, string], ApplicationRow>(`SELECT ${COLUMNS} FROM applications WHERE domain_id = ? AND id = ?`)
  const selectAny = db.prepare<[string], ApplicationRow>(`SELECT ${COLUMNS} FROM applications WHERE id = ?`)
  const insertOne = db.prepare<Record<string, unknown>>(
    `INSERT INTO applications (${COLUMNS}) VALUES (@id, @domain_id, @name, @name_zh, @code, @parent_id, @description, @path, @is_collection, @create_time, @update_time)`)
  const updateOne = db.prepare<Record<string, unknown>>(
    'UPDATE applications SET name = @name, description = @description, is_collection = @is_collection, update_time = @update_time WHERE id = @id')
  const deleteOne = db.prepare<[string]>('DELETE FROM applications WHERE id = ?')
  const selectSeq = db.prepare<[string], { seq: number }>('SELECT seq FROM applications WHERE id = ?')
  const selectChild = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM applications WHERE domain_id = ? AND parent_id = ? LIMIT 1')
  const selectName = db.prepare<[string, string, string, string], { n: number }>(
    'SELECT 1 AS n FROM applications WHERE domain_id = ? AND parent_id = ? AND name = ? AND id <> ? LIMIT 1')
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM applications')
  const countDomain = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM applications WHERE domain_id = ?')
  const bumpSeq = db.prepare<[], { seq: number }>(
    "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'applications'), 0) + 1 AS seq")
  // The list's statement depends on which filters are given (not on their values): each shape is prepared once.
  const listStatements = new Map<string, Database.Statement<unknown[], ApplicationRow>>()
  const toParams = (record: ApplicationRecord): Record<string, unknown> => ({ ...record, is_collection: record.is_collection ? 1 : 0 })

  return {
    get: (domainId, id) => {
      const row = selectOne.get(domainId, id)
      return row === undefined ? undefined : fromRow(row)
    },
    find: id => {
      const row = selectAny.get(id)
      return row === undefined ? undefined : fromRow(row)
    },
    nextSeq: () => bumpSeq.get()!.seq,
    insert: record => {
      insertOne.run(toParams(record))
      changed()
    },
    update: record => {
      updateOne.run(toParams(record))
      changed()
    },
    remove: id => {
      const removed = deleteOne.run(id).changes > 0
      if (removed) changed()
      return removed
    },
    list: (domainId, filter) => {
      const where: string[] = []
      const args: unknown[] = []
      if (domainId !== undefined) { where.push('domain_id = ?'); args.push(domainId) }
      if (filter.idList !== undefined && filter.idList.length > 0) {
        // One JSON array, not one mark per id: the statement does not depend on how many ids there are.
        where.push('id IN (SELECT value FROM json_each(?))')
        args.push(JSON.stringify(filter.idList))
      }
      if (filter.parentId !== undefined) { where.push('parent_id = ?'); args.push(filter.parentId) }
      if (filter.nameLike !== undefined) { where.push("name LIKE ? ESCAPE '\\'"); args.push(`%${likeEscape(filter.nameLike)}%`) }
      if (filter.code !== undefined) { where.push('code = ?'); args.push(filter.code) }
      if (filter.marker !== undefined) {
        // An unknown marker starts after everything: an empty page ends a pager's loop.
        where.push('seq > ?')
        args.push(selectSeq.get(filter.marker)?.seq ?? Number.MAX_SAFE_INTEGER)
      }
      const sql = `SELECT ${COLUMNS} FROM applications${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`
      let statement = listStatements.get(sql)
      if (statement === undefined) {
        statement = db.prepare<unknown[], ApplicationRow>(sql)
        listStatements.set(sql, statement)
      }
      return statement.all(...args, filter.limit).map(fromRow)
    },
    hasChildren: (domainId, id) => selectChild.get(domainId, id) !== undefined,
    nameTaken: (domainId, parentId, name, exceptId = '') => selectName.get(domainId, parentId, name, exceptId) !== undefined,
    count: domainId => (domainId === undefined ? countAll.get() : countDomain.get(domainId))!.n,
    subscribe: listener => { listeners.push(listener) },
    transaction: fn => db.transaction(fn)(),
    clear: () => {
      db.exec("DELETE FROM applications; DELETE FROM sqlite_sequence WHERE name = 'applications'")
      changed()
    }
  }
}
