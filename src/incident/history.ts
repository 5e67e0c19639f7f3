import type { IncidentRecord } from '../schemas/incident.js'
import type { HistoryEntry } from './record.js'
import { STATUS } from '../vocab.js'

const MINUTE = 60_000

/**
 * The history of a seeded or fixture ticket, derived from the ticket as it was seeded: its
 * creation, then the steps its status implies (accepted, solved at `handle_time`, verified,
 * or rejected). Derived, not stored, so seeding stays fast; a pure function of the ticket, so
 * still deterministic per (seed, index). The first handle stores it before adding its own.
 */
export function deriveHistory (record: IncidentRecord): HistoryEntry[] {
  const handler = record.incident_assignee[0] || record.creator
  const created = record.create_time
  const solvedAt = record.handle_time ?? created + 30 * MINUTE
  const acceptedAt = Math.min(created + 5 * MINUTE, created + Math.floor((solvedAt - created) / 2))
  const entries: Array<Omit<HistoryEntry, 'id'>> = []
  const add = (action: string, step: string, operator: string, status: string, time: number, comment = ''): void => {
    entries.push({ incident_num: record.incident_num, action, step, operator, comment, status, target_type: '', target_value: '', start_time: time, stop_time: time })
  }
  const { status } = record
  add('create', 'create', record.creator, status === STATUS.draft ? STATUS.draft : STATUS.triggered, created)
  if (status === STATUS.acknowledged || status === STATUS.resolved || status === STATUS.completed) {
    add('accepted', 'accept', handler, STATUS.acknowledged, acceptedAt)
  }
  if (status === STATUS.resolved || status === STATUS.completed) {
    add('commitSolution', 'commitSolution', handler, STATUS.resolved, solvedAt, 'Solution submitted')
  }
  if (status === STATUS.completed) {
    add('confirm', 'confirm', record.creator, STATUS.completed, solvedAt + 30 * MINUTE, 'Verified')
  }
  if (status === STATUS.rejected) {
    add('rejected', 'rejectUnaccepted', handler, STATUS.rejected, created + 10 * MINUTE, 'Not an incident')
  }
  return entries.map((entry, i) => ({ id: `${record.incident_num}-${i + 1}`, ...entry }))
}
