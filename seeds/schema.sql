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
  enum_data_list         TEXT
);

CREATE INDEX IF NOT EXISTS incidents_domain_create_time ON incidents (domain_id, create_time);

-- Facts about the database itself: schema version, how and when it was seeded.
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
