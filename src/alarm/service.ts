import { createHash } from 'node:crypto'
import { CocError } from '../errors.js'
import type { Principal } from '../fixtures.js'
import type { User } from '../schemas/fixtures.js'
import type { CreateInput, IncidentService } from '../incident/service.js'
import type { AlarmHandleHistory, AlarmInfo, AlarmToIncidentBody, AutoProcessBody } from '../schemas/alarm.js'
import type { AlarmStore } from '../stores/alarm-store.js'
import type { IncidentStore } from '../stores/incident-store.js'

export interface AlarmService {
  show (principal: Principal, alarmId: string): AlarmInfo
  histories (principal: Principal, alarmId: string, offset: number, limit: number): { count: number, items: AlarmHandleHistory[] }
  autoProcess (principal: Principal, alarmId: string, body: AutoProcessBody): { alarm_id: string, work_order_id: string }
  /** Clears the alarms named (all or none) and answers their ids. */
  clear (principal: Principal, alarmIds: string, remarks: string | undefined): string[]
  /** Makes one incident of the alarms named (all or none), links them to it and answers its number. */
  toIncident (principal: Principal, body: AlarmToIncidentBody): string
}

interface AlarmDeps {
  alarms: AlarmStore
  incidents: IncidentStore
  service: IncidentService
  users: ReadonlyMap<string, User>
  now: () => number
}

/** The ids of a comma-separated list: blanks around them dropped, each once, in order. */
export function splitIds (list: string): string[] {
  return [...new Set(list.split(',').map(id => id.trim()).filter(id => id !== ''))]
}

const notFound = (field: string, ids: readonly string[]): CocError =>
  new CocError('notFound', `${field}: no alarm [${ids.join(', ')}] exists`)

export function createAlarmService (deps: AlarmDeps): AlarmService {
  const { alarms, now } = deps
  const find = (principal: Principal, alarmId: string): AlarmInfo => {
    const alarm = alarms.get(alarmId)
    // Another domain's alarm is "not found", never revealed.
    if (alarm === undefined || alarm.domain_id !== principal.domainId) throw notFound('alarm_id', [alarmId])
    return alarm
  }
  /** Every alarm of the list, or a 400 naming the ones that are not there. */
  const findAll = (principal: Principal, list: string): AlarmInfo[] => {
    const ids = splitIds(list)
    if (ids.length === 0) throw new CocError('validation', 'alarm_ids: must name at least one alarm id')
    const found = ids.map(id => alarms.get(id)).filter((alarm): alarm is AlarmInfo => alarm?.domain_id === principal.domainId)
    const have = new Set(found.map(alarm => alarm.id))
    const missing = ids.filter(id => !have.has(id))
    if (missing.length > 0) throw notFound('alarm_ids', missing)
    return found
  }
  const nameOf = (userId: string): string => deps.users.get(userId)?.name ?? userId

  return {
    show: (principal, alarmId) => find(principal, alarmId),

    histories (principal, alarmId, offset, limit) {
      find(principal, alarmId)
      const all = alarms.histories(alarmId)
      return { count: all.length, items: all.slice(offset, offset + limit) }
    },

    autoProcess (principal, alarmId, body) {
      return deps.incidents.transaction(() => {
        const alarm = find(principal, alarmId)
        if (alarm.status === 'CLEARED') {
          throw new CocError('notAllowed', `alarm_id: alarm [${alarmId}] is cleared; only an active alarm is processed`)
        }
        const time = now()
        const count = alarms.histories(alarmId).length
        // A work order id of its own, stable for the alarm and the step.
        const workOrderId = `WO${createHash('md5').update(`${alarmId}#${count}`).digest('hex').slice(0, 24)}`
        alarms.replace({
          ...alarm,
          status: 'HANDLING',
          task_type: body.task_type,
          associated_task_type: body.associated_task_type,
          associated_task_id: body.associated_task_id,
          associated_task_name: body.associated_task_name,
          update_time: time
        })
        const entry: AlarmHandleHistory = {
          work_order_id: workOrderId,
          create_name: principal.userId,
          create_alias: nameOf(principal.userId),
          task_type: body.task_type,
          start_time: time,
          end_time: time,
          duration: 0,
          status: 'RUNNING',
          associated_task_id: body.associated_task_id,
          associated_task_name: body.associated_task_name
        }
        if (body.sub_task_info !== undefined) entry.sub_task_info = body.sub_task_info
        alarms.addHistory(alarmId, entry)
        return { alarm_id: alarmId, work_order_id: workOrderId }
      })
    },

    clear (principal, alarmIds, remarks) {
      return deps.incidents.transaction(() => {
        const found = findAll(principal, alarmIds)
        const time = now()
        for (const alarm of found) alarms.replace({ ...alarm, status: 'CLEARED', remarks: remarks ?? alarm.remarks, update_time: time })
        return found.map(alarm => alarm.id)
      })
    },

    toIncident (principal, body) {
      if ((body.assignee ?? '') === '' && !(body.assignee_scene && body.assignee_role)) {
        throw new CocError('validation', 'assignee: is required unless assignee_scene and assignee_role are both given')
      }
      return deps.incidents.transaction(() => {
        const found = findAll(principal, body.alarm_ids)
        const linked = found.filter(alarm => alarm.associate_event_id !== '')
        if (linked.length > 0) {
          throw new CocError('notAllowed', `alarm_ids: alarm [${linked.map(alarm => alarm.id).join(', ')}] is linked to an incident already ` +
            `[${[...new Set(linked.map(alarm => alarm.associate_event_id))].join(', ')}]`)
        }
        const input: CreateInput = {
          current_cloud_service: [body.current_cloud_service_id],
          incident_level: body.level_id,
          is_service_interrupt: body.is_service_interrupt,
          incident_type: body.mtm_type,
          incident_title: body.title,
          incident_description: body.description,
          incident_source: 'incident_source_alarm',
          incident_assignee: body.assignee === undefined || body.assignee === '' ? [] : [body.assignee],
          creator: principal.userId
        }
        if (body.enterprise_project_id !== undefined) input.enterprise_project = [body.enterprise_project_id]
        if (body.mtm_region !== undefined) input.region = [body.mtm_region]
        if (body.assignee_scene !== undefined) input.assignee_scene = body.assignee_scene
        if (body.assignee_role !== undefined) input.assignee_role = body.assignee_role
        const incidentNum = deps.service.create(principal, input)
        const time = now()
        for (const alarm of found) {
          alarms.replace({
            ...alarm,
            status: 'HANDLED',
            associate_event_id: incidentNum,
            task_type: 'INCIDENT',
            associated_task_type: 'INCIDENT',
            associated_task_id: incidentNum,
            associated_task_name: body.title,
            update_time: time
          })
          alarms.addHistory(alarm.id, {
            work_order_id: incidentNum,
            create_name: principal.userId,
            create_alias: nameOf(principal.userId),
            task_type: 'INCIDENT',
            start_time: time,
            end_time: time,
            duration: 0,
            status: 'CREATED',
            associated_task_id: incidentNum,
            associated_task_name: body.title
          })
        }
        return incidentNum
      })
    }
  }
}
