import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { EnumDataItem, IncidentRecord } from '../schemas/incident.js'
import { SCHEMA_SQL } from '../paths.js'

/**
 * The only place that touches SQL. The same code serves `:memory:` and a file database;
 * every statement is prepared once, when the store opens.
 */
export interface IncidentStore {
  /** `:memory:` or the database file's path. */
  readonly location: string
  get (domainId: string, incidentNum: string): IncidentRecord | undefined
  /** Inserts all records in one transaction; returns how many were inserted. */
  insertMany (records: Iterable<IncidentRecord>): number
  count (): number
  getMeta (key: string): string | undefined
  setMeta (key: string, value: string): void
  /** Calls `listener` with the numbers of the tickets each write touched, once it is done. */
  subscribe (listener: (incidentNums: readonly string[]) => void): void
  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T> (fn: () => T): T
  /** True when the database answers a query. */
  ping (): boolean
  close (): void
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
}

const COLUMNS: ReadonlyArray<keyof IncidentRow> = [
  'incident_num', 'domain_id', 'region', 'enterprise_project', 'current_cloud_service',
  'incident_level', 'is_service_interrupt', 'start_time', 'fault_recovery_time',
  'fault_delineation_time', 'incident_ownership', 'incident_type', 'incident_title',
  'incident_description', 'incident_source', 'incident_assignee', 'assignee_scene',
  'assignee_role', 'warroom_id', 'handle_time', 'status', 'create_time', 'creator',
  'enum_data_list'
]

function toRow (record: IncidentRecord): IncidentRow {
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
    enum_data_list: record.enum_data_list === undefined ? null : JSON.stringify(record.enum_data_list)
  }
}

function fromRow (row: IncidentRow): IncidentRecord {
  const record: IncidentRecord = {
    incident_num: row.incident_num,
    domain_id: row.domain_id,
    region: JSON.parse(row.region) as string[],
    enterprise_project: JSON.parse(row.enterprise_project) as string[],
    current_cloud_service: JSON.parse(row.current_cloud_service) as string[],
    incident_level: row.incident_level,
    is_service_interrupt: row.is_service_interrupt === 1,
    incident_type: row.incident_type,
    incident_title: row.incident_title,
    incident_description: row.incident_description,
    incident_source: row.incident_source,
    incident_assignee: JSON.parse(row.incident_assignee) as string[],
    assignee_scene: row.assignee_scene,
    assignee_role: row.assignee_role,
    warroom_id: row.warroom_id,
    handle_time: row.handle_time,
    status: row.status,
    create_time: row.create_time,
    creator: row.creator
  }
  // Optional fields are absent, not null, when the ticket does not have them.
  if (row.start_time !== null) record.start_time = row.start_time
  if (row.fault_recovery_time !== null) record.fault_recovery_time = row.fault_recovery_time
  if (row.fault_delineation_time !== null) record.fault_delineation_time = row.fault_delineation_time
  if (row.incident_ownership !== null) record.incident_ownership = row.incident_ownership
  if (row.enum_data_list !== null) record.enum_data_list = JSON.parse(row.enum_data_list) as EnumDataItem[]
  return record
}

export function openIncidentStore (location: string): IncidentStore {
  const db = new Database(location)
  if (location !== ':memory:') {
    // WAL keeps readers off the writer's back; NORMAL still survives a killed process.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
  }
  db.exec(readFileSync(SCHEMA_SQL, 'utf8'))

  const selectOne = db.prepare<[string, string], IncidentRow>(
    `SELECT ${COLUMNS.join(', ')} FROM incidents WHERE incident_num = ? AND domain_id = ?`)
  // Positional parameters: binding 24 named ones costs a third more per row when seeding.
  const insertOne = db.prepare<unknown[]>(
    `INSERT INTO incidents (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`)
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM incidents')
  const selectMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
  const upsertMeta = db.prepare<[string, string]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok')

  const listeners: Array<(incidentNums: readonly string[]) => void> = []
  const changed = (incidentNums: readonly string[]): void => {
    for (const listener of listeners) listener(incidentNums)
  }

  const insertAll = db.transaction((records: Iterable<IncidentRecord>) => {
    const nums: string[] = []
    for (const record of records) {
      const row = toRow(record)
      insertOne.run(COLUMNS.map(column => row[column]))
      nums.push(record.incident_num)
    }
    return nums
  })

  return {
    location,
    get (domainId, incidentNum) {
      const row = selectOne.get(incidentNum, domainId)
      return row === undefined ? undefined : fromRow(row)
    },
    insertMany (records) {
      const nums = insertAll(records)
      if (listeners.length > 0) changed(nums)
      return nums.length
    },
    subscribe (listener) { listeners.push(listener) },
    count: () => countAll.get()!.n,
    getMeta: key => selectMeta.get(key)?.value,
    setMeta (key, value) { upsertMeta.run(key, value) },
    transaction: fn => db.transaction(fn)(),
    ping () {
      try {
        return ping.get()?.ok === 1
      } catch {
        return false
      }
    },
    close () { db.close() }
  }
}
