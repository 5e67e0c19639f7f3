import type { ScheduleEntry } from '../schemas/fixtures.js'

/** Who is on duty for a scene and role, or undefined when the schedule has no such pair. */
export type OnDuty = (scene: string, role: string) => string | undefined

const pairKey = (scene: string, role: string): string => JSON.stringify([scene, role])

/**
 * The on-duty lookup of the fixtures' schedule (schedules.json): one user per scene and role,
 * so a ticket assigned by scene and role gets the same assignee on every run.
 */
export function onDutyLookup (schedule: readonly ScheduleEntry[]): OnDuty {
  const users = new Map(schedule.map(entry => [pairKey(entry.scene, entry.role), entry.user_id]))
  return (scene, role) => users.get(pairKey(scene, role))
}

/** The first pair the schedule names twice, as "at /i: ..." for a fixture error, or null. */
export function duplicatePair (schedule: readonly ScheduleEntry[]): string | null {
  const seen = new Set<string>()
  for (const [i, entry] of schedule.entries()) {
    const key = pairKey(entry.scene, entry.role)
    if (seen.has(key)) return `at /${i}: scene [${entry.scene}] and role [${entry.role}] are scheduled twice`
    seen.add(key)
  }
  return null
}
