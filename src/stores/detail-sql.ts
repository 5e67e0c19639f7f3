/**
 * The detail route's `data` as SQLite writes it, in two parts: DETAIL_HEAD_SQL from `{` up to
 * and including `"enum_data_list":`, DETAIL_TAIL_SQL the optional members, which the serialiser
 * writes after the required ones (the list names users, applications and categories, so the
 * view puts it between the two, and closes the object).
 *
 * A ticket read for the first time cost a SELECT of the whole row into an object, the view and
 * the serialiser; written by SQLite it is one string. The text must be byte for byte what the
 * detail's schema serialiser writes (test/incident/detail-text.test.ts compares them), so:
 * - required keys in the order of IncidentDetail, then the optional ones that are not NULL;
 * - strings through json_quote, which escapes as JSON.stringify does for any text SQLite holds;
 * - the array columns are stored as the JSON text of a string array, already what the
 *   serialiser writes for them;
 * - integers as SQLite prints them: the schema bounds every time to a safe integer.
 */
const text = (column: string): string => `json_quote(${column})`
const member = (key: string, value: string, first = false): string => `'${first ? '{' : ','}"${key}":', ${value}`
const optional = (key: string, column: string, value: string): string =>
  `CASE WHEN ${column} IS NULL THEN '' ELSE ',"${key}":' || ${value} END`

// One concat() of every part: a chain of || made a new string at each step, and cost 0.5 µs more
// a read (every column here is NOT NULL, or coalesced, so no part is ever NULL).
export const DETAIL_HEAD_SQL = 'concat(' + [
  member('incident_num', text('incident_num'), true),
  member('region', 'region'),
  member('enterprise_project', 'enterprise_project'),
  member('current_cloud_service', 'current_cloud_service'),
  member('incident_level', text('incident_level')),
  member('is_service_interrupt', "CASE is_service_interrupt WHEN 1 THEN 'true' ELSE 'false' END"),
  member('incident_type', text('incident_type')),
  member('incident_title', text('incident_title')),
  member('incident_description', text('incident_description')),
  member('incident_source', text('incident_source')),
  member('incident_assignee', 'incident_assignee'),
  member('assignee_scene', text('assignee_scene')),
  member('assignee_role', text('assignee_role')),
  member('warroom_id', text('warroom_id')),
  member('handle_time', "coalesce(handle_time, 'null')"),
  member('status', text('status')),
  member('create_time', 'create_time'),
  member('creator', text('creator')),
  "',\"enum_data_list\":'"
].join(', ') + ')'

export const DETAIL_TAIL_SQL = [
  optional('start_time', 'start_time', 'start_time'),
  optional('fault_recovery_time', 'fault_recovery_time', 'fault_recovery_time'),
  optional('fault_delineation_time', 'fault_delineation_time', 'fault_delineation_time'),
  optional('incident_ownership', 'incident_ownership', text('incident_ownership'))
].join(' || ')
