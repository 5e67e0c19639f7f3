import type Database from 'better-sqlite3'
import type { AlarmHandleHistory, AlarmInfo } from '../schemas/alarm.js'

/** Alarms and their handling history, on the incident store's connection. */
const ALARM_SCHEMA_SQL = `
-- An alarm is its AlarmInfoDTO as JSON; the columns beside it are what queries select on.
CREATE TABLE IF NOT EXISTS alarms (
  id          INTEGER PRIMARY KEY,
  alarm_id    TEXT    NOT NULL UNIQUE,
  domain_id   TEXT    NOT NULL,
  create_time INTEGER NOT NULL,
  body        TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS alarms_create_time ON alarms (create_time);
-- The alarms linked to a ticket (every war room listed asks): the same expression as the query.
CREATE INDEX IF NOT EXISTS alarms_event ON alarms (json_extract(body, '$.associate_event_id'), id);

-- Each auto-process and each link to an incident, oldest first.
CREATE TABLE IF NOT EXISTS alarm_histories (
  id       INTEGER PRIMARY KEY,
  alarm_id TEXT    NOT NULL,
  body     TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS alarm_histories_alarm ON alarm_histories (alarm_id, id);
`

export interface AlarmStore {
  /** Inserts every alarm or none (an existing id refuses the whole batch before this is called). */
  insertMany (alarms: readonly AlarmInfo[]): void
  /** An alarm of any domain, or undefined. */
  get (alarmId: string): AlarmInfo | undefined
  replace (alarm: AlarmInfo): void
  /** Every domain's alarms (or one domain's), newest first. */
  page (domainId: string | undefined, offset: number, limit: number): { alarms: AlarmInfo[], total: number }
  remove (alarmId: string): boolean
  histories (alarmId: string): AlarmHandleHistory[]
  addHistory (alarmId: string, entry: AlarmHandleHistory): void
  /** The ids of the alarms linked to an incident, oldest link first. */
  linkedTo (incidentNum: string): string[]
  count (): number
  clear (): void
}

export function openAlarmStore (db: Database.Database): AlarmStore {
  db.exec(ALARM_SCHEMA_SQL)
  const insertOne = db.prepare<[string, string, number, string]>('INSERT INTO alarms (alarm_id, domain_id, create_time, body) VALUES (?, ?, ?, ?)')
  const insertAll = db.transaction((alarms: readonly AlarmInfo[]) => {
    for (const alarm of alarms) insertOne.run(alarm.id, alarm.domain_id, alarm.create_time, JSON.stringify(alarm))
  })
  const selectOne = db.prepare<[string], { body: string }>('SELECT body FROM alarms WHERE alarm_id = ?')
  const updateOne = db.prepare<[string, string]>('UPDATE alarms SET body = ? WHERE alarm_id = ?')
  const selectPage = db.prepare<[string | null, number, number], { body: string }>(
    'SELECT body FROM alarms WHERE coalesce(?, domain_id) = domain_id ORDER BY create_time DESC, id DESC LIMIT ? OFFSET ?')
  const countPage = db.prepare<[string | null], { n: number }>('SELECT count(*) AS n FROM alarms WHERE coalesce(?, domain_id) = domain_id')
  const deleteOne = db.prepare<[string]>('DELETE FROM alarms WHERE alarm_id = ?')
  const deleteHistories = db.prepare<[string]>('DELETE FROM alarm_histories WHERE alarm_id = ?')
  const removeOne = db.transaction((alarmId: string) => {
    deleteHistories.run(alarmId)
    return deleteOne.run(alarmId).changes === 1
  })
  const selectHistories = db.prepare<[string], { body: string }>('SELECT body FROM alarm_histories WHERE alarm_id = ? ORDER BY id')
  const insertHistory = db.prepare<[string, string]>('INSERT INTO alarm_histories (alarm_id, body) VALUES (?, ?)')
  const selectLinked = db.prepare<[string], { alarm_id: string }>(
    "SELECT alarm_id FROM alarms WHERE json_extract(body, '$.associate_event_id') = ? ORDER BY id")
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alarms')
  const parse = (row: { body: string }): AlarmInfo => JSON.parse(row.body) as AlarmInfo
  return {
    insertMany (alarms) { insertAll(alarms) },
    get (alarmId) {
      const row = selectOne.get(alarmId)
      return row === undefined ? undefined : parse(row)
    },
    replace (alarm) { updateOne.run(JSON.stringify(alarm), alarm.id) },
    page: (domainId, offset, limit) => ({
      alarms: selectPage.all(domainId ?? null, limit, offset).map(parse),
      total: countPage.get(domainId ?? null)!.n
    }),
    remove: alarmId => removeOne(alarmId),
    histories: alarmId => selectHistories.all(alarmId).map(row => JSON.parse(row.body) as AlarmHandleHistory),
    addHistory (alarmId, entry) { insertHistory.run(alarmId, JSON.stringify(entry)) },
    linkedTo: incidentNum => selectLinked.all(incidentNum).map(row => row.alarm_id),
    count: () => countAll.get()!.n,
    clear () { db.exec('DELETE FROM alarms; DELETE FROM alarm_histories;') }
  }
}
