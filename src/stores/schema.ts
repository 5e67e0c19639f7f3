import type { HistoryEntry } from '../incident/record.js'

/**
 * The incident store's DDL. Kept in the code rather than beside it, so that the bundle carries it
 * and nothing is read from disk at start.
 */
export const SCHEMA_SQL = `
-- The incident store. Array fields are kept as JSON text exactly as they were sent, so a
-- ticket reads back as it was written ([] stays [], [""] stays [""]).
CREATE TABLE IF NOT EXISTS incidents (
  id                     INTEGER PRIMARY KEY,
  incident_num           TEXT    NOT NULL UNIQUE,
  domain_id              TEXT    NOT NULL,
  region                 TEXT    NOT NULL,
  enterprise_project     TEXT    NOT NULL,
  current_cloud_service  TEXT    NOT NULL,
  incident_level         TEXT    NOT NULL,
  is_service_interrupt   INTEGER NOT NULL,
  start_time             INTEGER,
  fault_recovery_time    INTEGER,
  fault_delineation_time INTEGER,
  incident_ownership     TEXT,
  incident_type          TEXT    NOT NULL,
  incident_title         TEXT    NOT NULL,
  incident_description   TEXT    NOT NULL,
  incident_source        TEXT    NOT NULL,
  incident_assignee      TEXT    NOT NULL,
  assignee_scene         TEXT    NOT NULL,
  assignee_role          TEXT    NOT NULL,
  warroom_id             TEXT    NOT NULL,
  handle_time            INTEGER,
  status                 TEXT    NOT NULL,
  create_time            INTEGER NOT NULL,
  creator                TEXT    NOT NULL,
  enum_data_list         TEXT,
  -- Workflow state beside the status (an approval pending, a pause in force), the target of a
  -- pending level change, the last change and who made it.
  phase                  TEXT    NOT NULL DEFAULT '',
  pending_level          TEXT,
  update_time            INTEGER NOT NULL,
  operator               TEXT    NOT NULL DEFAULT '',
  -- 1 while the ticket's history is still the one derived from its seeded state (not stored).
  synthetic_history      INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS incidents_domain_create_time ON incidents (domain_id, create_time);

-- Every create and every handle, in order. Seeded tickets derive their first records instead.
CREATE TABLE IF NOT EXISTS histories (
  id           INTEGER PRIMARY KEY,
  incident_num TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  step         TEXT    NOT NULL,
  operator     TEXT    NOT NULL,
  comment      TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  target_type  TEXT    NOT NULL,
  target_value TEXT    NOT NULL,
  start_time   INTEGER NOT NULL,
  stop_time    INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS histories_ticket ON histories (incident_num, id);

-- Facts about the database itself: schema version, how and when it was seeded.
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`

/**
 * Indexes built once the tickets are in: building one over 100,000 rows at once takes a third
 * of the time that keeping it up to date row by row during seeding does.
 */
export const INDEXES_SQL = `
-- The v2 list's most common shape: a status filter over a create_time range, newest first;
-- with this index its count reads the index alone.
CREATE INDEX IF NOT EXISTS incidents_domain_status_create_time ON incidents (domain_id, status, create_time);
`

/** The histories table's columns but its id, in DDL order: what a history entry stores. */
export const HISTORY_COLUMNS: ReadonlyArray<Exclude<keyof HistoryEntry, 'id'>> = ['incident_num', 'action', 'step', 'operator', 'comment', 'status', 'target_type', 'target_value', 'start_time', 'stop_time']
