import { alarmOf } from '../alarm/seed.js'
import { CocError } from '../errors.js'
import { alarmId, SUFFIX_SPACE } from '../incident/numbers.js'
import type { AdminAlarm, AlarmInfo } from '../schemas/alarm.js'
import type { AlarmStore } from '../stores/alarm-store.js'
import type { IncidentStore } from '../stores/incident-store.js'

// Inserted alarms without an id take the suffix (n * MULTIPLIER + OFFSET) mod 10^10 of a sequence n.
const MULTIPLIER = 3_456_789
const OFFSET = 5_678_901

/**
 * Inserts alarms as given, in one transaction: all or none. A missing id is allocated from
 * the creation time; a given one must be new.
 */
export function insertAlarms (alarms: AlarmStore, incidents: IncidentStore, given: readonly AdminAlarm[], now: number): AlarmInfo[] {
  return incidents.transaction(() => {
    const seen = new Set<string>()
    const records = given.map((fields, i) => {
      const createTime = fields.create_time ?? now
      if (fields.id !== undefined && (seen.has(fields.id) || alarms.get(fields.id) !== undefined)) {
        throw new CocError('conflict', `alarms[${i}].id: an alarm [${fields.id}] exists already`)
      }
      let id = fields.id
      while (id === undefined) {
        const next = alarmId(createTime, (incidents.nextSequence('alarm') * MULTIPLIER + OFFSET) % SUFFIX_SPACE)
        if (!seen.has(next) && alarms.get(next) === undefined) id = next
      }
      seen.add(id)
      return alarmOf({ ...fields, id, create_time: createTime })
    })
    alarms.insertMany(records)
    return records
  })
}
