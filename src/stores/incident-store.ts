import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { type EnumDataItem, type IncidentRecord, type WorkflowFields } from '../schemas/incident.js'
import { workflowOf, type HistoryEntry } from '../incident/record.js'
import { ENUM_SOURCES } from '../incident/views/detail.js'
import { DETAIL_HEAD_SQL, DETAIL_TAIL_SQL } from './detail-sql.js'
import { HISTORY_COLUMNS, INDEXES_SQL, SCHEMA_SQL } from './schema.js'
import { startCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './checkpointer.js'
import { remembered } from '../bounded-memo.js'
import type { CheckedListQuery } from '../incident/list-query.js'
import { countSql, groupSql, pageSql, scanSql, type QueryScope } from './incident-query.js'

const SCHEMA_VERSION = '2'

/** The simplified list's row (GET /v1/incident-tickets): the record's fields it shows. */
export type TicketSummary = Pick<IncidentRecord, 'incident_num' | 'incident_title' | 'incident_description' | 'status' |
  'incident_level' | 'enterprise_project' | 'incident_source' | 'creator' | 'incident_assignee'>

/**
 * The only place that touches SQL. The same code serves `:memory:` and a file database;
 * every statement is prepared once, when the store opens.
 */
export interface IncidentStore {
  /** `:memory:` or the database file's path. */
  readonly location: string
  /** The connection, shared by the stores of the rest of the incident family (same file, same transactions). */
  readonly database: Database.Database
  get (domainId: string, incidentNum: string): IncidentRecord | undefined
  /**
   * What the detail route needs of a ticket, in one statement: its `data` serialised by SQLite
   * but for the enum_data_list (./detail-sql.ts), and the fields that list is derived from.
   */
  detailOf (domainId: string, incidentNum: string): DetailRow | undefined
  /**
   * Up to `limit` tickets of every domain in the order they are stored, from the one after
   * position `after` (0: from the first): each as its position, domain, number and DetailRow.
   */
  detailRows (after: number, limit: number): StoredDetailRow[]
  /** True when any domain has a ticket with this number (numbers are unique across domains). */
  exists (incidentNum: string): boolean
  /** Inserts all records in one transaction; returns how many were inserted. */
  insertMany (records: Iterable<IncidentRecord>): number
  /**
   * Inserts, in one transaction, the records whose numbers no ticket has yet, and leaves the
   * others out; returns the numbers inserted.
   */
  insertNew (records: readonly IncidentRecord[]): string[]
  /**
   * Writes a changed ticket if it is still in the workflow state `expected` (compare and set):
   * false when another write moved it first.
   */
  replace (record: IncidentRecord, expected: { status: string, phase: string }): boolean
  count (): number
  countInDomain (domainId: string): number
  /** Newest first; `offset` counts rows. */
  page (domainId: string, offset: number, limit: number): TicketSummary[]
  /** The v2 list: a page of the domain's tickets matching the query, and the count of all that match. */
  /** Every domain's tickets when `domainId` is undefined (the control plane's search). */
  list (domainId: string | undefined, query: CheckedListQuery): { records: IncidentRecord[], total: number | null }
  /** A page of a ticket's history records matching the query (see QueryScope for the derived ones), and the count of all that match. */
  historyPage (scope: QueryScope & { table: 'histories' }, query: CheckedListQuery): { entries: HistoryEntry[], total: number }
  /** How many rows of the scope match the query. */
  countOf (scope: QueryScope, query: CheckedListQuery): number
  /** The group_by_filter's answer in one statement: at most `limit` values (NULL among them) with their counts, in no order. */
  groupsOf (scope: QueryScope, query: CheckedListQuery, limit: number): Array<{ value: string | number | null, n: number }>
  /**
   * One slice of a scan (a query with a condition or pattern matches): the tickets with ids in
   * (after, upto] that pass the unnamed filters, as rows of incident_num, sort key and one 0/1
   * per named filter, then with a group_by_filter the group's value and 0/1 for its own values.
   */
  scan (domainId: string | undefined, query: CheckedListQuery, after: number, upto: number): unknown[][]
  /** The highest ticket id: where a scan ends. */
  maxId (): number
  /** The domain's tickets of these numbers, in the order given. */
  recordsOf (domainId: string | undefined, incidentNums: readonly string[]): IncidentRecord[]
  /** The stored history of a ticket, oldest first. */
  histories (incidentNum: string): HistoryEntry[]
  addHistory (entries: ReadonlyArray<Omit<HistoryEntry, 'id'>>): void
  /** Next value of a persistent counter (ticket numbers of created tickets). */
  nextSequence (name: string): number
  getMeta (key: string): string | undefined
  setMeta (key: string, value: string): void
  /**
   * Calls `listener` with the numbers of the tickets each write touched, once it is done;
   * with `null` when every ticket may have changed (the store was cleared).
   */
  subscribe (listener: (incidentNums: readonly string[] | null) => void): void
  /** Deletes a ticket and its stored history; false when no domain has it. */
  remove (incidentNum: string): boolean
  /** Deletes every ticket, history and counter: the store as a new database, ready to seed. */
  clear (): void
  /** Builds the indexes kept out of bulk loading (INDEXES_SQL in ./schema.ts); idempotent. */
  buildIndexes (): void
  /**
   * Runs `fn` in one transaction. Nested in another, it is a savepoint of it: if `fn` fails, its
   * own writes are undone and the error goes on to the outer one.
   */
  transaction<T> (fn: () => T): T
  /** True when the database answers a query. */
  ping (): boolean
  close (): void
}

/**
 * The detail route's part of a row (see IncidentStore.detailOf), as an array: an object of it
 * cost more than the SELECT of its short columns. (The serialised parts come as text: as bytes,
 * each would be a buffer of its own, and those cost more to make and to collect than the
 * strings cost to encode.)
 */
export type DetailRow = [
  dataHead: string, dataTail: string, enumDataList: string | null,
  // The columns of ENUM_SOURCES, in its order, from DETAIL_ROW_SOURCES on.
  currentCloudService: string, creator: string, incidentLevel: string, status: string, incidentType: string, incidentSource: string, incidentAssignee: string
]
/** Where the columns of ENUM_SOURCES start in a DetailRow. */
export const DETAIL_ROW_SOURCES = 3
/** A ticket's DetailRow with where it is stored, its domain and its number (IncidentStore.detailRows). */
export type StoredDetailRow = [position: number, domainId: string, incidentNum: string, ...row: DetailRow]
/** Where the DetailRow starts in a StoredDetailRow. */
export const STORED_DETAIL_ROW = 3

class StoreVersionError extends Error {
  override name = 'StoreVersionError'
}

interface IncidentRow {
  incident_num: string
  domain_id: string
  region: string
  enterprise_project: string
  current_cloud_service: string
  incident_level: string
  is_service_interrupt: number
  start_time: number | null
  fault_recovery_time: number | null
  fault_delineation_time: number | null
  incident_ownership: string | null
  incident_type: string
  incident_title: string
  incident_description: string
  incident_source: string
  incident_assignee: string
  assignee_scene: string
  assignee_role: string
  warroom_id: string
  handle_time: number | null
  status: string
  create_time: number
  creator: string
  enum_data_list: string | null
  phase: string
  pending_level: string | null
  update_time: number
  operator: string
  synthetic_history: number
}

const COLUMNS: ReadonlyArray<keyof IncidentRow> = [
  'incident_num', 'domain_id', 'region', 'enterprise_project', 'current_cloud_service',
  'incident_level', 'is_service_interrupt', 'start_time', 'fault_recovery_time',
  'fault_delineation_time', 'incident_ownership', 'incident_type', 'incident_title',
  'incident_description', 'incident_source', 'incident_assignee', 'assignee_scene',
  'assignee_role', 'warroom_id', 'handle_time', 'status', 'create_time', 'creator',
  'enum_data_list', 'phase', 'pending_level', 'update_time', 'operator', 'synthetic_history'
]
const UPDATED: ReadonlyArray<keyof IncidentRow> = COLUMNS.filter(column => column !== 'incident_num' && column !== 'domain_id')

function toRow (record: IncidentRecord): IncidentRow {
  const workflow = workflowOf(record)
  return {
    incident_num: record.incident_num,
    domain_id: record.domain_id,
    region: JSON.stringify(record.region),
    enterprise_project: JSON.stringify(record.enterprise_project),
    current_cloud_service: JSON.stringify(record.current_cloud_service),
    incident_level: record.incident_level,
    is_service_interrupt: record.is_service_interrupt ? 1 : 0,
    start_time: record.start_time ?? null,
    fault_recovery_time: record.fault_recovery_time ?? null,
    fault_delineation_time: record.fault_delineation_time ?? null,
    incident_ownership: record.incident_ownership ?? null,
    incident_type: record.incident_type,
    incident_title: record.incident_title,
    incident_description: record.incident_description,
    incident_source: record.incident_source,
    incident_assignee: JSON.stringify(record.incident_assignee),
    assignee_scene: record.assignee_scene,
    assignee_role: record.assignee_role,
    warroom_id: record.warroom_id,
    handle_time: record.handle_time,
    status: record.status,
    create_time: record.create_time,
    creator: record.creator,
    enum_data_list: record.enum_data_list === undefined ? null : JSON.stringify(record.enum_data_list),
    phase: workflow.phase,
    pending_level: workflow.pending_level,
    update_time: workflow.update_time,
    operator: workflow.operator,
    synthetic_history: workflow.synthetic_history ? 1 : 0
  }
}

/**
 * A ticket's columns read as one value: SQLite's json_array of COLUMNS. better-sqlite3 turns each
 * column of each row into a JavaScript value of its own, about 0.25 us apiece, so a page of ten
 * tickets cost more in reading than in finding them; one JSON text a row, parsed here, costs
 * less than half. (The texts and numbers come back the same: json_array quotes TEXT as
 * JSON.stringify would and leaves integers as SQLite prints them.)
 */
const ROW_JSON = `json_array(${COLUMNS.join(', ')})`
const AT = Object.fromEntries(COLUMNS.map((column, i) => [column, i])) as Record<keyof IncidentRow, number>

function fromRow (json: string): IncidentRecord {
  const values = JSON.parse(json) as unknown[]
  const at = <K extends keyof IncidentRow>(column: K): IncidentRow[K] => values[AT[column]] as IncidentRow[K]
  const record: IncidentRecord = {
    incident_num: at('incident_num'),
    domain_id: at('domain_id'),
    region: JSON.parse(at('region')) as string[],
    enterprise_project: JSON.parse(at('enterprise_project')) as string[],
    current_cloud_service: JSON.parse(at('current_cloud_service')) as string[],
    incident_level: at('incident_level'),
    is_service_interrupt: at('is_service_interrupt') === 1,
    incident_type: at('incident_type'),
    incident_title: at('incident_title'),
    incident_description: at('incident_description'),
    incident_source: at('incident_source'),
    incident_assignee: JSON.parse(at('incident_assignee')) as string[],
    assignee_scene: at('assignee_scene'),
    assignee_role: at('assignee_role'),
    warroom_id: at('warroom_id'),
    handle_time: at('handle_time'),
    status: at('status'),
    create_time: at('create_time'),
    creator: at('creator'),
    workflow: {
      phase: at('phase') as WorkflowFields['phase'],
      pending_level: at('pending_level'),
      update_time: at('update_time'),
      operator: at('operator'),
      synthetic_history: at('synthetic_history') === 1
    }
  }
  // Optional fields are absent, not null, when the ticket does not have them.
  const startTime = at('start_time')
  const recoveryTime = at('fault_recovery_time')
  const delineationTime = at('fault_delineation_time')
  const ownership = at('incident_ownership')
  const enumDataList = at('enum_data_list')
  if (startTime !== null) record.start_time = startTime
  if (recoveryTime !== null) record.fault_recovery_time = recoveryTime
  if (delineationTime !== null) record.fault_delineation_time = delineationTime
  if (ownership !== null) record.incident_ownership = ownership
  if (enumDataList !== null) record.enum_data_list = JSON.parse(enumDataList) as EnumDataItem[]
  return record
}

interface SummaryRow {
  incident_num: string
  incident_title: string
  incident_description: string
  status: string
  incident_level: string
  enterprise_project: string
  incident_source: string
  creator: string
  incident_assignee: string
}

interface HistoryRow extends Omit<HistoryEntry, 'id'> { id: number | string }

/** Ticket counts kept at most (see countOf). */
const MAX_KEPT_COUNTS = 500

export interface StoreOptions {
  /**
   * For `:memory:` only: keep at most this many MiB of the database's pages in the process, and
   * the rest in a file that is deleted as soon as it is open (see openUnnamed). Without it, every
   * page stays in the process (see openInMemory).
   */
  cacheMiB?: number
  /**
   * For `:memory:` without `cacheMiB`: SQLite's own in-memory database, with no size limit but
   * with commits that slow down as it grows (see openInMemory).
   */
  unbounded?: boolean
}

/**
 * The page cache of an in-memory store, whose pages live elsewhere (an image, or a file): about
 * the size better-sqlite3 gives every connection (16,000 KiB), stated. A commit after a write
 * that reordered a B-tree's pages walks the whole cache (see openInMemory), so a larger cache
 * makes writes slower; reads did not get faster with 128 MiB, as the file's pages stay in the
 * OS's cache (docs/benchmarks.md).
 */
export const PAGE_CACHE_MIB = 16

/**
 * The emulator opens an in-memory store for LARGE_STORE.from tickets or more with
 * cacheMiB = LARGE_STORE.cacheMiB (src/launch.ts): a million tickets are about 900 MB of pages,
 * 200,000 about 180 MB. Smaller ones are one image in the process (openInMemory).
 */
export interface LargeStore { from: number, cacheMiB: number }
export const LARGE_STORE: Readonly<LargeStore> = { from: 200_000, cacheMiB: PAGE_CACHE_MIB }

/**
 * An in-memory database whose pages beyond `cacheMiB` live in a file no other program finds by
 * name: the file is created in a fresh folder under the OS temporary folder, and the folder is
 * removed at once, so that only a crash between the two can leave anything behind; the OS frees
 * the space when the connection closes. The rollback journal is kept in memory and the exclusive
 * lock is held from the first statement, so SQLite never needs the file's name again
 * (https://www.sqlite.org/pragma.html#pragma_journal_mode). There is nothing to keep after a
 * crash, so nothing is synced. Where an open file cannot be removed (Windows), opening fails, and
 * nothing is left open.
 *
 * Not SQLite's own temporary database (an empty name): that one keeps every page it has not
 * spilled as dirty and walks them at each commit, about 40 ns per page: a create over 400,000
 * tickets took 3.7 ms.
 */
function openUnnamed (cacheMiB: number): Database.Database {
  const folder = mkdtempSync(join(tmpdir(), 'coc-emulator-'))
  // What was opened, to be closed again if a later step fails.
  const opened: Database.Database[] = []
  try {
    const db = new Database(join(folder, 'store.db'))
    opened.push(db)
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = MEMORY')
    db.pragma('synchronous = OFF')
    db.pragma(`cache_size = -${cacheMiB * 1024}`)
    // The first statement takes the lock, which is then held until the connection closes.
    db.exec('BEGIN EXCLUSIVE; COMMIT')
    rmSync(folder, { recursive: true, force: true })
    return db
  } catch (err) {
    for (const db of opened) db.close()
    rmSync(folder, { recursive: true, force: true })
    throw err
  }
}

/** What an in-memory store may hold: SQLite's limit for a database image in memory. */
export const IN_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024

/**
 * Whether a store's write failed for want of room: the image's limit, or a full disk
 * (better-sqlite3's errors carry SQLite's result code, https://www.sqlite.org/rescode.html#full).
 */
export function isStoreFull (err: unknown): boolean {
  // What reaches here is always an Error (a store's, fastify's or the code's own).
  return (err as { code?: unknown }).code === 'SQLITE_FULL'
}

/**
 * An in-memory database held as one image (SQLite's memdb, https://www.sqlite.org/c3ref/deserialize.html)
 * behind a page cache of PAGE_CACHE_MIB, rather than SQLite's `:memory:`, whose pages all
 * live in its page cache. When a write reorders the pages of a B-tree, SQLite gives one of them a
 * page number past the end of the database for a moment; the commit then walks the whole page
 * cache to drop pages past the end. With every page in the cache, a create over 100,000 tickets
 * spent nearly half of its time in that walk (docs/benchmarks.md). The image holds at most
 * IN_MEMORY_LIMIT_BYTES: a write past it fails as a full disk does (a 507 answer).
 */
function openInMemory (): Database.Database {
  // better-sqlite3 copies the image it is given, so one empty image serves every store.
  emptyImage ??= emptyDatabaseImage()
  const db = new Database(emptyImage)
  db.pragma(`cache_size = -${PAGE_CACHE_MIB * 1024}`)
  return db
}
let emptyImage: Buffer | undefined

function emptyDatabaseImage (): Buffer {
  const empty = new Database(':memory:')
  const image = empty.serialize()
  empty.close()
  return image
}

function openDatabase (location: string, options: StoreOptions): Database.Database {
  if (location !== ':memory:') return new Database(location)
  if (options.cacheMiB !== undefined) return openUnnamed(options.cacheMiB)
  return options.unbounded === true ? new Database(':memory:') : openInMemory()
}

export function openIncidentStore (location: string, options: StoreOptions = {}): IncidentStore {
  const db = openDatabase(location, options)
  try {
    if (location !== ':memory:') {
      // WAL keeps readers off the writer's back. NORMAL commits survive a killed process (the
      // WAL is in the OS's hands once a commit returns); only a power cut could lose the last ones.
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('busy_timeout = 5000')
      // Checkpoints are a thread's of their own (src/stores/checkpointer.ts); these are the writer's only if it is gone.
      db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`)
    }
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined
    const version = hasMeta
      ? db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get()
      : undefined
    if (version !== undefined && version.value !== SCHEMA_VERSION) {
      throw new StoreVersionError(`${location} holds schema version ${version.value}, this emulator uses ${SCHEMA_VERSION}: use another --db file`)
    }
    // A full disk or temporary folder can refuse even this: the connection is closed then too.
    db.exec(SCHEMA_SQL)
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION)
  } catch (err) {
    db.close()
    throw err
  }
  const checkpointer = location === ':memory:' ? undefined : startCheckpointer(location)
  const buildIndexes = (): void => { db.exec(INDEXES_SQL) }
  // A database that holds tickets already gets its indexes now; a new one once it is seeded.
  if (db.prepare('SELECT 1 FROM incidents LIMIT 1').get() !== undefined) buildIndexes()

  const selectOne = db.prepare<[string, string], string>(
    `SELECT ${ROW_JSON} FROM incidents WHERE incident_num = ? AND domain_id = ?`).pluck(true)
  const detailColumns = `${DETAIL_HEAD_SQL}, ${DETAIL_TAIL_SQL}, enum_data_list, ${ENUM_SOURCES.join(', ')}`
  const selectDetail = db.prepare<[string, string], unknown>(
    `SELECT ${detailColumns} FROM incidents WHERE incident_num = ? AND domain_id = ?`).raw(true)
  const selectDetailRows = db.prepare<[number, number], unknown>(
    `SELECT rowid, domain_id, incident_num, ${detailColumns} FROM incidents WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true)
  const selectExists = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM incidents WHERE incident_num = ?')
  // Positional parameters: binding 29 named ones costs a third more per row when seeding. They
  // are passed as arguments, not as one array: better-sqlite3 reads an array's elements one by
  // one through V8's API, which made a seeded ticket's insert 8.6 µs instead of 6.1.
  const insertSql = `INSERT INTO incidents (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`
  const insertOne = db.prepare<unknown[]>(insertSql)
  // Seeding's insert: a number taken meanwhile is left out by the unique index itself, with no
  // lookup before each row (1.7 µs a ticket).
  const insertIfNew = db.prepare<unknown[]>(`${insertSql} ON CONFLICT (incident_num) DO NOTHING`)
  const updateOne = db.prepare<unknown[]>(
    `UPDATE incidents SET ${UPDATED.map(column => `${column} = ?`).join(', ')} ` +
    'WHERE incident_num = ? AND domain_id = ? AND status = ? AND phase = ?')
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM incidents')
  const countDomain = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM incidents WHERE domain_id = ?')
  const selectPage = db.prepare<[string, number, number], SummaryRow>(
    'SELECT incident_num, incident_title, incident_description, status, incident_level, enterprise_project, ' +
    'incident_source, creator, incident_assignee FROM incidents WHERE domain_id = ? ' +
    'ORDER BY create_time DESC, incident_num DESC LIMIT ? OFFSET ?')
  const selectHistories = db.prepare<[string], HistoryRow>(
    `SELECT id, ${HISTORY_COLUMNS.join(', ')} FROM histories WHERE incident_num = ? ORDER BY id`)
  const insertHistory = db.prepare<unknown[]>(
    `INSERT INTO histories (${HISTORY_COLUMNS.join(', ')}) VALUES (${HISTORY_COLUMNS.map(() => '?').join(', ')})`)
  const selectMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
  const upsertMeta = db.prepare<[string, string]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok')
  const deleteOne = db.prepare<[string]>('DELETE FROM incidents WHERE incident_num = ?')
  const deleteHistories = db.prepare<[string]>('DELETE FROM histories WHERE incident_num = ?')
  // The sequences are counted here; a file is written through in the caller's transaction, so a
  // reopened file goes on where it stopped. An in-memory database, which nothing reopens, skips
  // the write: the UPSERT was the seventh part of a create. A step that rolls back leaves its value
  // unused.
  const sequences = new Map<string, number>()
  // One wrapper for every transaction the store is asked to run: better-sqlite3 builds four
  // functions for each wrapper, about 5 us, which was a sixth of a create.
  const inTransaction = db.transaction((fn: () => unknown) => fn())
  const removeOne = db.transaction((incidentNum: string) => {
    deleteHistories.run(incidentNum)
    return deleteOne.run(incidentNum).changes === 1
  })
  // The late indexes are dropped too: a re-seed builds them once, at the end.
  const lateIndexes = [...INDEXES_SQL.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map(match => match[1])
  const clearAll = db.transaction(() => {
    db.exec('DELETE FROM incidents; DELETE FROM histories;')
    db.prepare("DELETE FROM meta WHERE key <> 'schema_version'").run()
    for (const index of lateIndexes) db.exec(`DROP INDEX IF EXISTS ${index}`)
  })

  // List queries differ by their filters: each shape of statement is prepared once and kept.
  const listStatements = new Map<string, Database.Statement<unknown[], string>>()
  const countStatements = new Map<string, Database.Statement<unknown[], { n: number }>>()
  const scanStatements = new Map<string, Database.Statement<unknown[], unknown[]>>()
  const historyStatements = new Map<string, Database.Statement<unknown[], HistoryRow>>()
  const groupStatements = new Map<string, Database.Statement<unknown[], { value: string | number | null, n: number }>>()
  const selectMaxId = db.prepare<[], { n: number | null }>('SELECT max(id) AS n FROM incidents')
  const selectByNums = db.prepare<[string | null, string], [string, string]>(
    `SELECT incident_num, ${ROW_JSON} FROM incidents WHERE coalesce(?, domain_id) = domain_id AND incident_num IN (SELECT value FROM json_each(?))`).raw(true)
  const prepared = <T>(cache: Map<string, Database.Statement<unknown[], T>>, sql: string): Database.Statement<unknown[], T> =>
    remembered(cache, sql, 500, () => db.prepare<unknown[], T>(sql))

  // The tickets' counts are kept until the next write through this store: a client polling a
  // list with its total asks the same count again and again, and over a million tickets one
  // reads tens of thousands of index entries. Never inside a transaction, whose writes may yet
  // be rolled back.
  const counts = new Map<string, number>()
  const countOf = (scope: QueryScope, query: CheckedListQuery): number => {
    const count = countSql(query, scope)
    const key = scope.table === 'incidents' && !db.inTransaction ? `${count.sql}\u0000${JSON.stringify(count.params)}` : undefined
    const kept = key === undefined ? undefined : counts.get(key)
    if (kept !== undefined) return kept
    const n = prepared(countStatements, count.sql).get(...count.params)!.n
    if (key !== undefined) {
      if (counts.size >= MAX_KEPT_COUNTS) counts.clear()
      counts.set(key, n)
    }
    return n
  }

  const listeners: Array<(incidentNums: readonly string[] | null) => void> = []
  const changed = (incidentNums: readonly string[] | null): void => {
    counts.clear()
    for (const listener of listeners) listener(incidentNums)
  }

  /** A record's values in the order of `columns` (COLUMNS for the inserts, UPDATED for updateOne). */
  const values = (record: IncidentRecord, columns = COLUMNS): unknown[] => {
    const row = toRow(record)
    return columns.map(column => row[column])
  }
  const insertAll = db.transaction((records: Iterable<IncidentRecord>) => {
    const nums: string[] = []
    for (const record of records) {
      insertOne.run(...values(record))
      nums.push(record.incident_num)
    }
    return nums
  })
  const insertNewRows = db.transaction((records: readonly IncidentRecord[]) => {
    const nums: string[] = []
    for (const record of records) {
      if (insertIfNew.run(...values(record)).changes === 1) nums.push(record.incident_num)
    }
    return nums
  })

  return {
    location,
    database: db,
    get (domainId, incidentNum) {
      const row = selectOne.get(incidentNum, domainId)
      return row === undefined ? undefined : fromRow(row)
    },
    detailOf: (domainId, incidentNum) => selectDetail.get(incidentNum, domainId) as DetailRow | undefined,
    detailRows: (after, limit) => selectDetailRows.all(after, limit) as StoredDetailRow[],
    exists: incidentNum => selectExists.get(incidentNum) !== undefined,
    insertMany (records) {
      const nums = insertAll(records)
      changed(nums)
      return nums.length
    },
    insertNew (records) {
      const nums = insertNewRows(records)
      changed(nums)
      return nums
    },
    replace (record, expected) {
      const result = updateOne.run(...values(record, UPDATED), record.incident_num, record.domain_id, expected.status, expected.phase)
      changed([record.incident_num])
      return result.changes === 1
    },
    count: () => countAll.get()!.n,
    countInDomain: domainId => countDomain.get(domainId)!.n,
    page: (domainId, offset, limit) => selectPage.all(domainId, limit, offset).map(row => ({
      ...row,
      enterprise_project: JSON.parse(row.enterprise_project) as string[],
      incident_assignee: JSON.parse(row.incident_assignee) as string[]
    })),
    list (domainId, query) {
      const scope: QueryScope = { table: 'incidents', domainId }
      const page = pageSql([ROW_JSON], query, scope)
      const rows = prepared(listStatements, page.sql).pluck(true).all(...page.params, query.perPage, (query.page - 1) * query.perPage)
      const total = query.withTotal ? countOf(scope, query) : null
      return { records: rows.map(fromRow), total }
    },
    historyPage (scope, query) {
      const page = pageSql(['id', ...HISTORY_COLUMNS], query, scope)
      const rows = prepared(historyStatements, page.sql).all(...page.params, query.perPage, (query.page - 1) * query.perPage)
      return { entries: rows.map(row => ({ ...row, id: String(row.id) })), total: countOf(scope, query) }
    },
    countOf,
    groupsOf (scope, query, limit) {
      const group = groupSql(query, scope, limit)
      return prepared(groupStatements, group.sql).all(...group.params)
    },
    scan (domainId, query, after, upto) {
      const { sql, selectParams, whereParams } = scanSql(query)
      return prepared(scanStatements, sql).raw(true).all(...selectParams, domainId ?? null, after, upto, ...whereParams) as unknown[][]
    },
    maxId: () => selectMaxId.get()!.n ?? 0,
    recordsOf (domainId, incidentNums) {
      const byNum = new Map(selectByNums.all(domainId ?? null, JSON.stringify(incidentNums)))
      return incidentNums.flatMap(num => {
        const row = byNum.get(num)
        return row === undefined ? [] : [fromRow(row)]
      })
    },
    histories: incidentNum => selectHistories.all(incidentNum).map(row => ({ ...row, id: String(row.id) })),
    addHistory (entries) {
      for (const e of entries) {
        insertHistory.run(...HISTORY_COLUMNS.map(column => e[column]))
      }
    },
    nextSequence (name) {
      const key = `sequence:${name}`
      const next = (sequences.get(key) ?? Number(selectMeta.get(key)?.value ?? 0)) + 1
      sequences.set(key, next)
      if (location !== ':memory:') upsertMeta.run(key, String(next))
      return next
    },
    getMeta: key => selectMeta.get(key)?.value,
    setMeta (key, value) { upsertMeta.run(key, value) },
    subscribe (listener) { listeners.push(listener) },
    remove (incidentNum) {
      const removed = removeOne(incidentNum)
      if (removed) changed([incidentNum])
      return removed
    },
    clear () {
      clearAll()
      sequences.clear()
      changed(null)
    },
    buildIndexes,
    transaction: fn => inTransaction(fn) as ReturnType<typeof fn>,
    ping () {
      try {
        return ping.get()?.ok === 1
      } catch {
        return false
      }
    },
    close () {
      // The thread's connection closes with it; the file's WAL is safe either way.
      void checkpointer?.stop()
      db.close()
    }
  }
}
