import type { HistoryEntry } from './record.js'
import { STEPS } from './workflow.js'

/**
 * `sub_action` and `final_sub_action` of a ticket's history records (TicketHistoryInfo of COC's
 * "Querying Ticket Operation Histories"). `action` is the key the caller sent, which can mean
 * several steps (`agreed` approves a pause, a level change or closes a rejected ticket); the
 * sub-action is the workflow step it performed (`approvePause`), `create` for the creation.
 * The final sub-action of a request that awaits approval (a pause, a level change) is the step
 * that decided it once one has, and the request itself while it is pending; every other record's
 * is its own sub-action. Both are derived from the whole history when it is read, so stored,
 * seeded and derived histories get the same values (docs/contract-notes.md).
 */
const DECIDERS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  STEPS.flatMap(step => step.decidedBy === undefined ? [] : [[step.id, new Set<string>(step.decidedBy)] as const]))

/** The ticket's history, oldest first, with both fields set on every record. */
export function withSubActions (entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries.map((entry, i) => {
    const deciders = DECIDERS.get(entry.step)
    const decision = deciders === undefined ? undefined : entries.slice(i + 1).find(later => deciders.has(later.step))
    return { ...entry, sub_action: entry.step, final_sub_action: decision?.step ?? entry.step }
  })
}
