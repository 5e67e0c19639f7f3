import type Database from 'better-sqlite3'

/** War rooms: created ones and those of seeded tickets, on the incident store's connection. */
const WARROOM_SCHEMA_SQL = `
-- One war room per incident ticket. Lists are JSON text kept exactly as sent; names are NULL
-- when the create sent none, so that they read back absent.
CREATE TABLE IF NOT EXISTS warrooms (
  war_room_num          TEXT    NOT NULL PRIMARY KEY,
  id                    TEXT    NOT NULL,
  domain_id             TEXT    NOT NULL,
  incident_num          TEXT    NOT NULL UNIQUE,
  title                 TEXT    NOT NULL,
  admin                 TEXT    NOT NULL,
  description           TEXT    NOT NULL,
  region_codes          TEXT    NOT NULL,
  region_names          TEXT,
  application_ids       TEXT    NOT NULL,
  application_names     TEXT,
  participant           TEXT    NOT NULL,
  schedule_group        TEXT    NOT NULL,
  enterprise_project_id TEXT    NOT NULL,
  notification_type     TEXT,
  notification_modes    TEXT,
  status                TEXT    NOT NULL,
  create_time           INTEGER NOT NULL,
  close_time            INTEGER
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS warrooms_domain_create_time ON warrooms (domain_id, create_time);
`

type WarRoomStatus = 'running' | 'closed'

export interface WarRoomRecord {
  war_room_num: string
  id: string
  domain_id: string
  incident_num: string
  title: string
  admin: string
  description: string
  region_codes: string[]
  region_names: string[] | null
  application_ids: string[]
  application_names: string[] | null
  participant: string[]
  schedule_group: Array<{ role_id: string, scene_id: string }>
  enterprise_project_id: string
  notification_type: string | null
  notification_modes: unknown[] | null
  status: WarRoomStatus
  create_time: number
  close_time: number | null
}

const COLUMNS = [
  'war_room_num', 'id', 'domain_id', 'incident_num', 'title', 'admin', 'description', 'region_codes',
  'region_names', 'application_ids', 'application_names', 'participant', 'schedule_group',
  'enterprise_project_id', 'notification_type', 'notification_modes', 'status', 'create_time', 'close_time'
] as const
const JSON_COLUMNS = new Set<string>(['region_codes', 'region_names', 'application_ids', 'application_names', 'participant', 'schedule_group', 'notification_modes'])

type Row = Record<typeof COLUMNS[number], unknown>

function toRow (record: WarRoomRecord): unknown[] {
  return COLUMNS.map(column => {
    const value = record[column]
    return JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value
  })
}

function fromRow (row: Row): WarRoomRecord {
  const record: Record<string, unknown> = {}
  for (const column of COLUMNS) {
    const value = row[column]
    record[column] = JSON_COLUMNS.has(column) && value !== null ? JSON.parse(value as string) : value
  }
  return record as unknown as WarRoomRecord
}

/** How seeding derives what a ticket does not hold: the war room's id and its number's instant. */
interface WarRoomDerivation {
  hexId: (warRoomNum: string) => string
  /** The instant the number was written at, or null when it has no such shape. */
  time: (warRoomNum: string) => number | null
  /** The ticket status that closes a war room. */
  completed: string
}

export interface WarRoomStore {
  /**
   * Gives every ticket that names a war room its war room, in one statement (no ticket is
   * read into JavaScript); a number or ticket that has one already is skipped. Returns how many.
   */
  seedFromTickets (derive: WarRoomDerivation): number
  /** The same, for these tickets only (inserted ones). */
  seedFromTicketsOf (derive: WarRoomDerivation, incidentNums: readonly string[]): number
  insert (record: WarRoomRecord): void
  /** A war room of any domain by number, or undefined. */
  get (warRoomNum: string): WarRoomRecord | undefined
  byIncident (incidentNum: string): WarRoomRecord | undefined
  /** The domain's war rooms, newest first; only these numbers when given. */
  inDomain (domainId: string, warRoomNums?: readonly string[]): WarRoomRecord[]
  countInDomain (domainId: string): number
  /** A page of one domain's war rooms (every domain's without one), newest first, and how many there are. */
  page (domainId: string | undefined, offset: number, limit: number): { records: WarRoomRecord[], total: number }
  /** Deletes the war room under an incident number; whether there was one. */
  removeByIncident (incidentNum: string): boolean
  close (warRoomNum: string, time: number): void
  count (): number
  clear (): void
}

/** Opens the war room table on a connection (created when missing). */
export function openWarRoomStore (db: Database.Database): WarRoomStore {
  db.exec(WARROOM_SCHEMA_SQL)
  const select = `SELECT ${COLUMNS.join(', ')} FROM warrooms`
  const insertOne = db.prepare<unknown[]>(`INSERT INTO warrooms (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`)
  const selectOne = db.prepare<[string], Row>(`${select} WHERE war_room_num = ?`)
  const selectByIncident = db.prepare<[string], Row>(`${select} WHERE incident_num = ?`)
  const selectDomain = db.prepare<[string], Row>(`${select} WHERE domain_id = ? ORDER BY create_time DESC, war_room_num DESC`)
  const selectNums = db.prepare<[string, string], Row>(
    `${select} WHERE domain_id = ? AND war_room_num IN (SELECT value FROM json_each(?)) ORDER BY create_time DESC, war_room_num DESC`)
  const countDomain = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM warrooms WHERE domain_id = ?')
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM warrooms')
  const pageAll = db.prepare<[number, number], Row>(`${select} ORDER BY create_time DESC, war_room_num DESC LIMIT ? OFFSET ?`)
  const pageDomain = db.prepare<[string, number, number], Row>(`${select} WHERE domain_id = ? ORDER BY create_time DESC, war_room_num DESC LIMIT ? OFFSET ?`)
  const deleteByIncident = db.prepare<[string]>('DELETE FROM warrooms WHERE incident_num = ?')
  const closeOne = db.prepare<[number, string]>("UPDATE warrooms SET status = 'closed', close_time = ? WHERE war_room_num = ? AND status = 'running'")
  // A seeded war room: titled as its ticket, the creator as admin, the assignees as participants,
  // no names, created at its number's instant (never before the ticket), closed at the ticket's
  // handle_time when the ticket is completed. Tickets in id order: the first keeps a shared number.
  const seedSql = `INSERT OR IGNORE INTO warrooms (${COLUMNS.join(', ')})
    SELECT warroom_id, coc_warroom_hex_id(warroom_id), domain_id, incident_num, incident_title, creator, '',
      (SELECT json_group_array(value) FROM json_each(t.region) WHERE value <> ''), NULL,
      current_cloud_service, NULL,
      (SELECT json_group_array(value) FROM json_each(t.incident_assignee) WHERE value <> ''),
      json_array(json_object('role_id', coalesce(nullif(assignee_role, ''), 'role_primary'), 'scene_id', coalesce(nullif(assignee_scene, ''), 'scene_sre_on_call'))),
      coalesce(json_extract(enterprise_project, '$[0]'), '0'), NULL, NULL,
      CASE WHEN status = $completed THEN 'closed' ELSE 'running' END,
      opened,
      CASE WHEN status = $completed THEN max(coalesce(handle_time, opened), opened) END
    FROM (SELECT *, max(coalesce(coc_warroom_time(warroom_id), create_time), create_time) AS opened
          FROM incidents WHERE warroom_id <> '' $only ORDER BY id) AS t`
  const seedAll = seedSql.replace('$only', () => '')
  const seedSome = seedSql.replace('$only', () => 'AND incident_num IN (SELECT value FROM json_each($nums))')
  const register = (derive: WarRoomDerivation): void => {
    db.function('coc_warroom_hex_id', { deterministic: true }, (num: unknown) => derive.hexId(String(num)))
    db.function('coc_warroom_time', { deterministic: true }, (num: unknown) => derive.time(String(num)))
  }
  return {
    seedFromTickets (derive) {
      register(derive)
      return db.prepare(seedAll).run({ completed: derive.completed }).changes
    },
    seedFromTicketsOf (derive, incidentNums) {
      register(derive)
      return db.prepare(seedSome).run({ completed: derive.completed, nums: JSON.stringify(incidentNums) }).changes
    },
    insert (record) { insertOne.run(toRow(record)) },
    get (warRoomNum) {
      const row = selectOne.get(warRoomNum)
      return row === undefined ? undefined : fromRow(row)
    },
    byIncident (incidentNum) {
      const row = selectByIncident.get(incidentNum)
      return row === undefined ? undefined : fromRow(row)
    },
    inDomain: (domainId, warRoomNums) => (warRoomNums === undefined
      ? selectDomain.all(domainId)
      : selectNums.all(domainId, JSON.stringify(warRoomNums))).map(fromRow),
    countInDomain: domainId => countDomain.get(domainId)!.n,
    page (domainId, offset, limit) {
      const rows = domainId === undefined ? pageAll.all(limit, offset) : pageDomain.all(domainId, limit, offset)
      return { records: rows.map(fromRow), total: domainId === undefined ? countAll.get()!.n : countDomain.get(domainId)!.n }
    },
    removeByIncident: incidentNum => deleteByIncident.run(incidentNum).changes > 0,
    close (warRoomNum, time) { closeOne.run(time, warRoomNum) },
    count: () => countAll.get()!.n,
    clear () { db.exec('DELETE FROM warrooms') }
  }
}
