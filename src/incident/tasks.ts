import { createHash } from 'node:crypto'
import { type IncidentRecord } from '../schemas/incident.js'
import { workflowOf } from './record.js'
import { allowedKeys } from './workflow.js'
import { STATUS } from '../vocab.js'

/** The node of the workflow a ticket waits in, named for GET /v2/incidents/{id}/tasks. */
const TASK_NAMES: Record<string, { key: string, name: string }> = {
  [`${STATUS.triggered}/`]: { key: 'incident_accept', name: 'Accept the incident' },
  [`${STATUS.triggered}/level_pending`]: { key: 'incident_level_approval', name: 'Approve the level change' },
  [`${STATUS.acknowledged}/`]: { key: 'incident_handle', name: 'Handle the incident' },
  [`${STATUS.acknowledged}/pause_pending`]: { key: 'incident_pause_approval', name: 'Approve the pause' },
  [`${STATUS.acknowledged}/paused`]: { key: 'incident_paused', name: 'Resume the paused incident' },
  [`${STATUS.acknowledged}/level_pending`]: { key: 'incident_level_approval', name: 'Approve the level change' },
  [`${STATUS.resolved}/`]: { key: 'incident_verify', name: 'Verify the solution' },
  [`${STATUS.rejected}/`]: { key: 'incident_rejected', name: 'Reopen or close the rejected incident' }
}

export interface Task {
  type: string
  key: string
  name: string
  state: string
  operations: Array<{ task_id: string, key: string }>
}

/**
 * The id of the ticket's current step: a digest of its number, state and last change, so an
 * id read before the ticket moved on is recognised as stale.
 */
export function currentTaskId (record: IncidentRecord): string {
  const workflow = workflowOf(record)
  return createHash('sha256')
    .update(`${record.incident_num}|${record.status}|${workflow.phase}|${workflow.update_time}|${workflow.operator}`)
    .digest('hex').slice(0, 32)
}

/** The current task with its allowed v2 actions; none for a ticket that can no longer move. */
export function currentTasks (record: IncidentRecord): Task[] {
  const workflow = workflowOf(record)
  const names = TASK_NAMES[`${record.status}/${workflow.phase}`]
  const actions = allowedKeys('v2', { status: record.status, phase: workflow.phase })
  if (names === undefined || actions.length === 0) return []
  const taskId = currentTaskId(record)
  return [{ type: 'userTask', key: names.key, name: names.name, state: 'active', operations: actions.map(key => ({ task_id: taskId, key })) }]
}
