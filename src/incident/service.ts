import { CocError, incidentNotFound } from '../errors.js'
import type { Principal } from '../fixtures.js'
import { type IncidentRecord } from '../schemas/incident.js'
import { workflowOf, type HistoryEntry } from './record.js'
import type { IncidentStore, TicketSummary } from '../stores/incident-store.js'
import { deriveHistory } from './history.js'
import { withSubActions } from './sub-actions.js'
import { checkListQuery, checkV1HistoryQuery, countQuery, HISTORY_TABLE, INCIDENT_TABLE, type CategoryCheck } from './list-query.js'
import { groupsAtOnce, runListQuery, type ListPage, type Tallies } from './list-scan.js'
import type { CreateIncidentBody, ListHistoriesBody } from '../schemas/v1.js'
import type { HistoriesBody, ListBody } from '../schemas/v2.js'
import { currentTaskId, currentTasks, type Task } from './tasks.js'
import { incidentNumber, SUFFIX_SPACE } from './numbers.js'
import { allowedKeys, applyStep, findStep, paramsError, V1_KEYS, V2_KEYS, type WorkflowState } from './workflow.js'
import { STATUS } from '../vocab.js'
import type { CategoryRegistry } from './categories.js'
import type { OnDuty } from './schedule.js'
import { PRESET_CATEGORIES, unregistered } from './categories.js'

/** A create body after validation: explicit nulls dropped, booleans typed. */
export type CreateInput = CreateIncidentBody

interface HandleRequest {
  api: 'v1' | 'v2'
  incidentNum: string
  /** v2: the task the caller read; refused when the ticket has moved on since. */
  taskId?: string
  operator: string
  key: string
  params: Record<string, unknown>
}

export interface IncidentService {
  create (principal: Principal, input: CreateInput): string
  handle (principal: Principal, request: HandleRequest): void
  histories (principal: Principal, incidentNum: string): HistoryEntry[]
  /** v1 list-histories: the history of every ticket the body names, filtered and sorted as it says (checked first, every 400 named). */
  queryHistories (principal: Principal, body: ListHistoriesBody): HistoryEntry[]
  /** v2 histories: one ticket's records through the v2 list's engine (filters, condition, sort, page, counts, groups). */
  v2Histories (principal: Principal, incidentNum: string, body: HistoriesBody): Tallies & { entries: HistoryEntry[], total: number }
  tasks (principal: Principal, incidentNum: string): Task[]
  summaries (principal: Principal, page: number, limit: number): { total: number, items: TicketSummary[] }
  /** The v2 list: checked (every 400 named), then answered without holding the event loop long. */
  list (principal: Principal, body: ListBody): Promise<ListPage>
  /**
   * Sets the ticket's `warroom_id` and records the war room's creation in its history. Call
   * inside the transaction that stores the war room.
   */
  linkWarRoom (principal: Principal, incidentNum: string, warRoomNum: string, operator: string, time: number): IncidentRecord
}

/** The history step that records a war room's creation (not a workflow step). */
const WARROOM_STEP = 'createWarRoom'

// Created tickets take the suffix (n * MULTIPLIER + OFFSET) mod 10^10 of their sequence number n:
// reproducible under a frozen clock, and never the same twice (MULTIPLIER is coprime with 10^10).
const MULTIPLIER = 9_876_543
const OFFSET = 1_234_567

const PARAMETER = { v1: 'parameter', v2: 'params' } as const
const KEY_FIELD = { v1: 'operate_key', v2: 'action' } as const

function describe (state: WorkflowState): string {
  const pending = { '': '', pause_pending: ' with a pause awaiting approval', paused: ' and paused', level_pending: ' with a level change awaiting approval' }
  return `${state.status}${pending[state.phase as keyof typeof pending]}`
}

/** A new ticket's number: its creation time and the next unused suffix. Call inside a transaction. */
export function allocateIncidentNumber (store: Pick<IncidentStore, 'nextSequence' | 'exists'>, createTime: number): string {
  let incidentNum: string
  do {
    const n = store.nextSequence('created')
    incidentNum = incidentNumber(createTime, (n * MULTIPLIER + OFFSET) % SUFFIX_SPACE)
  } while (store.exists(incidentNum))
  return incidentNum
}

/** A check of a step's parameters against other stores (the attachments it names): "field: rule" or null. */
type ParamsCheck = (principal: Principal, params: Record<string, unknown>) => string | null

export interface ServiceOptions {
  /** The categories incident_type / mtm_type may name (default: COC's presets). */
  categories?: Pick<CategoryRegistry, 'check'>
  /** Who takes a ticket created for a scene and role (default: nobody until it is accepted). */
  onDuty?: OnDuty
  /** Checks a step's parameters against other stores (the attachments it names). */
  checkParams?: ParamsCheck
  /** Runs inside the transaction of a workflow step that changed the ticket's status. */
  statusChanged?: (record: IncidentRecord, previousStatus: string, time: number) => void
}

const PRESET_KEYS = PRESET_CATEGORIES.map(category => category.key)

const PRESETS_ONLY: Pick<CategoryRegistry, 'check'> = {
  check (field, key) {
    if (!PRESET_KEYS.includes(key)) throw unregistered(field, key, PRESET_KEYS)
  }
}

export function createIncidentService (store: IncidentStore, now: () => number, options: ServiceOptions = {}): IncidentService {
  const categories = options.categories ?? PRESETS_ONLY
  const checkCategory: CategoryCheck = (field, key) => { categories.check(field, key) }
  const onDuty = options.onDuty ?? (() => undefined)
  const checkParams = options.checkParams ?? (() => null)
  const find = (principal: Principal, incidentNum: string): IncidentRecord => {
    const record = store.get(principal.domainId, incidentNum)
    if (record === undefined) throw incidentNotFound(incidentNum)
    return record
  }

  /**
   * A seeded ticket's history is derived from its state until its first change: then the derived
   * records are stored, before the change's own, and the changed ticket `next` says so.
   */
  const materialiseHistory = (record: IncidentRecord, next: IncidentRecord): void => {
    if (workflowOf(record).synthetic_history) store.addHistory(deriveHistory(record).map(({ id: _id, ...entry }) => entry))
    next.workflow = { ...workflowOf(next), synthetic_history: false }
  }

  const histories = (principal: Principal, incidentNum: string): HistoryEntry[] => {
    const record = find(principal, incidentNum)
    return withSubActions(workflowOf(record).synthetic_history ? deriveHistory(record) : store.histories(incidentNum))
  }

  return {
    create (principal, input) {
      categories.check('incident_type', input.incident_type)
      let assignee = input.incident_assignee ?? []
      const byRole = input.assignee_scene && input.assignee_role
      if (assignee.every(id => id === '')) {
        if (!byRole) throw new CocError('validation', 'incident_assignee: is required unless assignee_scene and assignee_role are both given')
        // Assigned by scene and role: the schedule's user on duty takes it, as COC's scheduling
        // would; a pair the schedule does not know leaves it to whoever accepts it.
        const user = onDuty(input.assignee_scene!, input.assignee_role!)
        if (user !== undefined) assignee = [user]
      }
      const createTime = now()
      return store.transaction(() => {
        const incidentNum = allocateIncidentNumber(store, createTime)
        // Arrays and texts are kept as sent: Terraform reads the ticket back and compares.
        const record: IncidentRecord = {
          incident_num: incidentNum,
          domain_id: principal.domainId,
          region: input.region ?? [],
          enterprise_project: input.enterprise_project ?? [],
          current_cloud_service: input.current_cloud_service ?? [],
          incident_level: input.incident_level,
          is_service_interrupt: input.is_service_interrupt,
          incident_type: input.incident_type,
          incident_title: input.incident_title,
          incident_description: input.incident_description ?? '',
          incident_source: input.incident_source,
          incident_assignee: assignee,
          assignee_scene: input.assignee_scene ?? '',
          assignee_role: input.assignee_role ?? '',
          warroom_id: '',
          handle_time: null,
          status: STATUS.triggered,
          create_time: createTime,
          creator: input.creator,
          workflow: { phase: '', pending_level: null, update_time: createTime, operator: input.creator, synthetic_history: false }
        }
        if (input.start_time !== undefined) record.start_time = input.start_time
        if (input.incident_ownership !== undefined) record.incident_ownership = input.incident_ownership
        store.insertMany([record])
        store.addHistory([{
          incident_num: incidentNum,
          action: 'create',
          step: 'create',
          operator: input.creator,
          comment: '',
          status: STATUS.triggered,
          target_type: '',
          target_value: '',
          start_time: createTime,
          stop_time: createTime
        }])
        return incidentNum
      })
    },

    handle (principal, request) {
      const { api, incidentNum, key, params } = request
      if (!(api === 'v1' ? V1_KEYS : V2_KEYS).has(key)) {
        // The message shape of COC's own refusal of an unknown operate_key.
        throw new CocError('validation', `The field[${KEY_FIELD[api]}] value[${key}] invalid`)
      }
      // One synchronous transaction: nothing else runs between the read and the write.
      store.transaction(() => {
        const record = find(principal, incidentNum)
        if (request.taskId !== undefined && request.taskId !== currentTaskId(record)) {
          throw new CocError('notAllowed', `task_id: [${request.taskId}] is stale or unknown: incident [${incidentNum}] is at another step; read its tasks again`)
        }
        const workflow = workflowOf(record)
        const state: WorkflowState = { status: record.status, phase: workflow.phase }
        const step = findStep(api, key, state)
        if (step === undefined) {
          const allowed = allowedKeys(api, state)
          throw new CocError('notAllowed', `${KEY_FIELD[api]}: [${key}] is not allowed while incident [${incidentNum}] is ${describe(state)}; ` +
            `allowed: ${allowed.length === 0 ? 'none' : allowed.join(', ')}`)
        }
        const problem = paramsError(step, params) ?? checkParams(principal, params)
        if (problem !== null) throw new CocError('validation', `${PARAMETER[api]}.${problem}`)
        if (typeof params.mtm_type === 'string') categories.check(`${PARAMETER[api]}.mtm_type`, params.mtm_type)
        const time = now()
        const { record: next, history } = applyStep(record, step, params, { operator: request.operator, now: time })
        materialiseHistory(record, next)
        /* c8 ignore next 3 */
        if (!store.replace(next, state)) {
          throw new CocError('notAllowed', `incident [${incidentNum}] changed while the ${KEY_FIELD[api]} was applied; read it again`)
        }
        store.addHistory([history])
        if (next.status !== record.status) options.statusChanged?.(next, record.status, time)
      })
    },

    linkWarRoom (principal, incidentNum, warRoomNum, operator, time) {
      return store.transaction(() => {
        const record = find(principal, incidentNum)
        const workflow = workflowOf(record)
        const next: IncidentRecord = { ...record, warroom_id: warRoomNum }
        materialiseHistory(record, next)
        store.replace(next, { status: record.status, phase: workflow.phase })
        store.addHistory([{
          incident_num: incidentNum,
          action: WARROOM_STEP,
          step: WARROOM_STEP,
          operator,
          comment: '',
          status: record.status,
          target_type: 'warroom',
          target_value: warRoomNum,
          start_time: time,
          stop_time: time
        }])
        return next
      })
    },

    histories,

    queryHistories (principal, body) {
      const query = checkV1HistoryQuery(body)
      return query.ticketIds.flatMap(ticketId => histories(principal, ticketId)).filter(query.keep).sort(query.compare)
    },

    v2Histories (principal, incidentNum, body) {
      // Without per_page, every record of the ticket (v2 histories were never paged before): a page
      // of a million holds a ticket's history, and keeps page * per_page within SQLite's integers.
      const query = checkListQuery({ ...body, page: body.page ?? 1, per_page: body.per_page ?? 1_000_000 }, HISTORY_TABLE)
      const record = find(principal, incidentNum)
      const scope = { table: 'histories', incidentNum, derived: workflowOf(record).synthetic_history ? deriveHistory(record) : [] } as const
      const answer: Tallies & { entries: HistoryEntry[], total: number } = store.historyPage(scope, query)
      if (query.counts.length > 0) answer.counts = query.counts.map(set => ({ name: set.name, count: store.countOf(scope, countQuery(query, set)) }))
      if (query.groupBy !== null) answer.groups = groupsAtOnce(store, scope, query)
      return answer
    },

    tasks: (principal, incidentNum) => currentTasks(find(principal, incidentNum)),

    summaries (principal, page, limit) {
      return { total: store.countInDomain(principal.domainId), items: store.page(principal.domainId, (page - 1) * limit, limit) }
    },

    list: async (principal, body) => {
      const query = checkListQuery(body, INCIDENT_TABLE, checkCategory)
      return await runListQuery(store, principal.domainId, query)
    }
  }
}
