import type { IncidentRecord, WorkflowFields } from '../schemas/incident.js'

/** A ticket's workflow state; one inserted without it starts plain, its history derived from it. */
export function workflowOf (record: IncidentRecord): WorkflowFields {
  return record.workflow ?? { phase: '', pending_level: null, update_time: record.create_time, operator: '', synthetic_history: true }
}

/** One record of a ticket's operation history, stored or derived. */
export interface HistoryEntry {
  id: string
  incident_num: string
  /** The v2 action name (`accepted`, `commitSolution`, ...) or `create`. */
  action: string
  /** The workflow step, or `create`. */
  step: string
  operator: string
  comment: string
  /** The status after the operation. */
  status: string
  target_type: string
  target_value: string
  start_time: number
  stop_time: number
  /** What the step did (set when a ticket's history is read, never stored): see ./sub-actions.ts. */
  sub_action?: string
  /** The sub-action once approvals are in: a request's decision, else the sub-action itself. */
  final_sub_action?: string
}
