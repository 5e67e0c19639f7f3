import { Type, type TObject } from '@sinclair/typebox'
import { EpochMs, StringEnum } from '../schemas/common.js'
import { compileSchema, createAjv, validationMessage, type Validator } from '../validation.js'
import { type IncidentRecord, type Phase } from '../schemas/incident.js'
import { workflowOf, type HistoryEntry } from './record.js'
import { INCIDENT_LEVELS, INCIDENT_SOURCES, STATUS, type StepId } from '../vocab.js'

/**
 * The incident workflow as one table: which step is allowed in which state, what it needs and
 * where it leads (COC's "Handling an Incident Ticket" page and its v2 counterpart). v1 `operate_key`s and v2 `action`s name
 * the same steps, so both APIs drive one table; a key such as `agreed` means a different step
 * depending on the state (approve a pause, approve a level change, close a rejected ticket).
 * This module is pure: it decides, the service applies.
 */

export type { Phase }

export interface WorkflowState {
  status: string
  phase: Phase
}

interface Step {
  id: StepId
  /** The v1 `operate_key` (POST /v1/external/incident/handle), if v1 offers this step. */
  v1: string | null
  /** The v2 `action` (POST /v2/incidents/{id}/actions). */
  v2: string
  nameEn: string
  nameZh: string
  /** The states the step is allowed in. */
  from: readonly WorkflowState[]
  /** Schema of `parameter` (v1) / `params` (v2); values may arrive as strings. */
  params: TObject
  /** Where the step leads from `state`, given its validated parameters. */
  to (state: WorkflowState, params: Record<string, unknown>): WorkflowState
  /** A request awaiting approval: the steps that decide it (its history's final sub-action is theirs). */
  decidedBy?: readonly StepId[]
}

const LEVEL = StringEnum(INCIDENT_LEVELS.map(l => l.key))
// Any registered incident category: the incident service checks it against the registry.
const TYPE = Type.String({ minLength: 1, maxLength: 255, description: 'a registered incident category' })
const SOURCE = StringEnum(INCIDENT_SOURCES.map(s => s.key))
const Text = (maxLength: number) => Type.String({ maxLength })
const Required = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const Time = EpochMs({ description: 'epoch ms' })
const NoParams = Type.Object({})
const Note = Type.Object({ note: Type.Optional(Text(10_000)) })
const Forward = Type.Object({
  virtual_schedule_type: Type.Optional(Text(255)),
  virtual_schedule_role: Type.Optional(Text(255)),
  virtual_send_assignee: Type.Optional(Text(255)),
  virtual_send_comment: Type.Optional(Text(10_000)),
  virtual_current_location_info: Type.Optional(Text(10_000))
})

const { triggered, acknowledged, rejected, resolved, completed } = STATUS
const at = (status: string, phase: Phase = ''): WorkflowState => ({ status, phase })
const stay = (state: WorkflowState): WorkflowState => state
const into = (status: string, phase: Phase = '') => (): WorkflowState => ({ status, phase })
const phase = (next: Phase) => (state: WorkflowState): WorkflowState => ({ status: state.status, phase: next })

export const STEPS: readonly Step[] = [
  {
    id: 'accept', v1: 'acceptedIncident1', v2: 'accepted', nameEn: 'Accept', nameZh: '受理',
    from: [at(triggered)], params: NoParams, to: into(acknowledged)
  },
  {
    id: 'forwardUnaccepted', v1: 'forwardOther1', v2: 'unAcceptedForward', nameEn: 'Forward', nameZh: '转发',
    from: [at(triggered)], params: Forward, to: stay
  },
  {
    id: 'rejectUnaccepted', v1: 'rejected', v2: 'rejected', nameEn: 'Reject', nameZh: '驳回',
    from: [at(triggered)], params: Type.Object({ virtual_confirm_comment: Required(300) }), to: into(rejected)
  },
  {
    id: 'forwardAccepted', v1: 'forwardOther1', v2: 'acceptedForward', nameEn: 'Forward', nameZh: '转发',
    from: [at(acknowledged)], params: Forward, to: stay
  },
  {
    id: 'addRemark', v1: null, v2: 'addRemark', nameEn: 'Add remark', nameZh: '添加备注',
    from: [at(triggered), at(acknowledged), at(acknowledged, 'pause_pending'), at(acknowledged, 'paused'),
      at(triggered, 'level_pending'), at(acknowledged, 'level_pending'), at(resolved)],
    params: Type.Object({ note: Required(10_000) }), to: stay
  },
  {
    id: 'commitSolution', v1: 'commitSolution1', v2: 'commitSolution', nameEn: 'Submit solution', nameZh: '处理',
    from: [at(acknowledged)],
    params: Type.Object({
      mtm_type: TYPE,
      is_service_interrupt: Type.Boolean(),
      start_time: Type.Optional(Time),
      fault_recovery_time: Type.Optional(Time),
      cause: Required(10_000),
      solution: Required(10_000),
      resolve_attachments: Type.Optional(Type.Unknown())
    }),
    to: into(resolved)
  },
  {
    id: 'confirm', v1: 'confirm', v2: 'confirm', nameEn: 'Verify', nameZh: '验证',
    from: [at(resolved)],
    params: Type.Object({ virtual_confirm_result: Type.Boolean(), virtual_confirm_comment: Required(300) }),
    // A failed verification sends the ticket back to its handler.
    to: (_state, params) => params.virtual_confirm_result === true ? at(completed) : at(acknowledged)
  },
  {
    id: 'requestPause', v1: 'incidentPause', v2: 'incidentPause', nameEn: 'Request pause', nameZh: '申请暂停',
    from: [at(acknowledged)],
    params: Type.Object({ pause_end_time: Time, pause_reason: Required(10_000) }),
    to: phase('pause_pending'),
    decidedBy: ['approvePause', 'rejectPause']
  },
  {
    id: 'approvePause', v1: 'agreed', v2: 'agreed', nameEn: 'Approve pause', nameZh: '同意暂停',
    from: [at(acknowledged, 'pause_pending')],
    params: Type.Object({ pause_approve_conclusion: Type.Optional(Type.Boolean()), note: Type.Optional(Text(10_000)) }),
    to: phase('paused')
  },
  {
    id: 'rejectPause', v1: 'rejected', v2: 'rejected', nameEn: 'Reject pause', nameZh: '驳回暂停',
    from: [at(acknowledged, 'pause_pending')],
    params: Type.Object({ pause_approve_conclusion: Type.Optional(Type.Boolean()), note: Type.Optional(Text(10_000)) }),
    to: phase('')
  },
  {
    id: 'recover', v1: null, v2: 'recovery', nameEn: 'Resume', nameZh: '恢复',
    from: [at(acknowledged, 'paused')], params: Note, to: phase('')
  },
  {
    id: 'requestLevelChange', v1: 'incidentChangeLevel1', v2: 'changeLevel', nameEn: 'Request level change', nameZh: '申请变更级别',
    from: [at(triggered), at(acknowledged)],
    params: Type.Object({ virtual_target_level: LEVEL, virtual_change_level_comment: Required(10_000) }),
    to: phase('level_pending'),
    decidedBy: ['approveLevelChange', 'rejectLevelChange']
  },
  {
    id: 'approveLevelChange', v1: 'agreed', v2: 'agreed', nameEn: 'Approve level change', nameZh: '同意变更级别',
    from: [at(triggered, 'level_pending'), at(acknowledged, 'level_pending')],
    params: Type.Object({ conclusion: Type.Optional(Type.Boolean()), note: Type.Optional(Text(10_000)) }),
    to: phase('')
  },
  {
    id: 'rejectLevelChange', v1: 'rejected', v2: 'rejected', nameEn: 'Reject level change', nameZh: '驳回变更级别',
    from: [at(triggered, 'level_pending'), at(acknowledged, 'level_pending')],
    params: Type.Object({ conclusion: Type.Optional(Type.Boolean()), note: Type.Optional(Text(10_000)) }),
    to: phase('')
  },
  {
    id: 'reopen', v1: 'ReOpen', v2: 'ReOpen', nameEn: 'Reopen', nameZh: '重新提交',
    from: [at(rejected)],
    params: Type.Object({
      mtm_region: Type.Optional(Text(255)),
      enterprise_project_id: Type.Optional(Text(255)),
      current_cloud_service_id: Type.Optional(Text(255)),
      level_id: Type.Optional(LEVEL),
      is_service_interrupt: Type.Optional(Type.Boolean()),
      mtm_type: Type.Optional(TYPE),
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      description: Type.Optional(Text(600)),
      attachments: Type.Optional(Type.Unknown()),
      source_id: Type.Optional(SOURCE),
      incident_ownership: Type.Optional(Text(255)),
      start_time: Type.Optional(Time),
      assignee: Type.Optional(Text(255)),
      assignee_scene: Type.Optional(Text(255)),
      assignee_role: Type.Optional(Text(255))
    }),
    to: into(triggered)
  },
  {
    id: 'closeRejected', v1: 'agreed', v2: 'agreed', nameEn: 'Close', nameZh: '验证关单',
    from: [at(rejected)], params: NoParams, to: into(completed)
  }
]

export const V1_KEYS: ReadonlySet<string> = new Set(STEPS.flatMap(step => step.v1 === null ? [] : [step.v1]))
export const V2_KEYS: ReadonlySet<string> = new Set(STEPS.map(step => step.v2))

const same = (a: WorkflowState, b: WorkflowState): boolean => a.status === b.status && a.phase === b.phase

/** The steps allowed in a state, in table order. */
export function allowedSteps (state: WorkflowState): Step[] {
  return STEPS.filter(step => step.from.some(from => same(from, state)))
}

/** The step a v1 `operate_key` or v2 `action` names in this state, if it is allowed there. */
export function findStep (api: 'v1' | 'v2', key: string, state: WorkflowState): Step | undefined {
  return allowedSteps(state).find(step => step[api] === key)
}

/** Keys of one API allowed in a state, for refusals and task lists. */
export function allowedKeys (api: 'v1' | 'v2', state: WorkflowState): string[] {
  return [...new Set(allowedSteps(state).flatMap(step => step[api] === null ? [] : [step[api]!]))]
}

const ajv = createAjv()
const validators = new Map<Step, Validator>()

/**
 * Checks a step's parameters against its schema, coercing them in place ("true" becomes true,
 * "1710739323172" a number, as Terraform sends them), then the rules a schema cannot say.
 * Returns "field: rule" of the first problem, or null. Each step's schema is compiled once.
 */
export function paramsError (step: Step, params: Record<string, unknown>): string | null {
  let validate = validators.get(step)
  if (validate === undefined) {
    validate = compileSchema(ajv, step.params)
    validators.set(step, validate)
  }
  return validate(params) ? crossFieldError(step, params) : validationMessage(validate.errors!, 'parameter')
}

/** The rules a schema cannot say, as "field: rule" of a parameter: fields required together or in turn. */
export function crossFieldError (step: Step, params: Record<string, unknown>): string | null {
  if (step.id === 'commitSolution' && params.is_service_interrupt === true) {
    for (const field of ['start_time', 'fault_recovery_time']) {
      if (params[field] === undefined) return `${field}: is required when is_service_interrupt is true`
    }
    if ((params.fault_recovery_time as number) < (params.start_time as number)) {
      return 'fault_recovery_time: must not be before start_time'
    }
  }
  if ((step.id === 'forwardUnaccepted' || step.id === 'forwardAccepted') && !params.virtual_send_assignee &&
    !(params.virtual_schedule_type && params.virtual_schedule_role)) {
    return 'virtual_send_assignee: is required unless virtual_schedule_type and virtual_schedule_role are both given'
  }
  return null
}

interface StepContext {
  operator: string
  now: number
}

interface StepResult {
  record: IncidentRecord
  history: Omit<HistoryEntry, 'id'>
}

const COMMENT_FIELDS = [
  'virtual_confirm_comment', 'virtual_send_comment', 'virtual_change_level_comment', 'pause_reason', 'note', 'solution'
]

/**
 * Applies an allowed step to a ticket: the new ticket and its history record. Parameters are
 * validated already (typed values, cross-field rules checked).
 */
export function applyStep (record: IncidentRecord, step: Step, params: Record<string, unknown>, context: StepContext): StepResult {
  const workflow = workflowOf(record)
  const state = step.to({ status: record.status, phase: workflow.phase }, params)
  const next: IncidentRecord = {
    ...record,
    status: state.status,
    workflow: { ...workflow, phase: state.phase, update_time: context.now, operator: context.operator }
  }
  // A fixture's verbatim enum list described the ticket as it was; from now on it is derived.
  delete next.enum_data_list
  let target: [string, string] = ['', '']
  const text = (name: string): string | undefined => typeof params[name] === 'string' ? params[name] : undefined

  switch (step.id) {
    case 'accept':
      // Assigned by scene and role, the ticket goes to whoever accepts it.
      if (next.incident_assignee.length === 0) next.incident_assignee = [context.operator]
      break
    case 'forwardUnaccepted':
    case 'forwardAccepted': {
      const assignee = text('virtual_send_assignee')
      if (assignee) {
        Object.assign(next, { incident_assignee: [assignee], assignee_scene: '', assignee_role: '' })
        target = ['assignee', assignee]
      } else {
        Object.assign(next, { incident_assignee: [], assignee_scene: text('virtual_schedule_type')!, assignee_role: text('virtual_schedule_role')! })
        target = ['schedule', `${next.assignee_scene}/${next.assignee_role}`]
      }
      break
    }
    case 'commitSolution':
      next.handle_time = context.now
      next.incident_type = params.mtm_type as string
      next.is_service_interrupt = params.is_service_interrupt as boolean
      if (params.start_time !== undefined) next.start_time = params.start_time as number
      if (params.fault_recovery_time !== undefined) next.fault_recovery_time = params.fault_recovery_time as number
      break
    case 'requestPause':
      target = ['pause_end_time', String(params.pause_end_time)]
      break
    case 'requestLevelChange':
      next.workflow!.pending_level = params.virtual_target_level as string
      target = ['level', params.virtual_target_level as string]
      break
    case 'approveLevelChange':
      target = ['level', workflow.pending_level ?? record.incident_level]
      next.incident_level = workflow.pending_level ?? record.incident_level
      next.workflow!.pending_level = null
      break
    case 'rejectLevelChange':
      next.workflow!.pending_level = null
      break
    case 'reopen':
      reopen(next, params)
      break
  }
  return {
    record: next,
    history: {
      incident_num: record.incident_num,
      action: step.v2,
      step: step.id,
      operator: context.operator,
      comment: COMMENT_FIELDS.map(text).find(value => value !== undefined) ?? '',
      status: state.status,
      target_type: target[0],
      target_value: target[1],
      start_time: context.now,
      stop_time: context.now
    }
  }
}

/** ReOpen resubmits the ticket: v2 names map back onto the ticket's own fields. */
function reopen (next: IncidentRecord, params: Record<string, unknown>): void {
  const set = <K extends keyof IncidentRecord>(field: K, value: unknown): void => {
    if (value !== undefined) next[field] = value as IncidentRecord[K]
  }
  const list = (value: unknown): string[] | undefined => typeof value === 'string' ? [value] : undefined
  set('incident_level', params.level_id)
  set('incident_type', params.mtm_type)
  set('incident_title', params.title)
  set('incident_description', params.description)
  set('is_service_interrupt', params.is_service_interrupt)
  set('current_cloud_service', list(params.current_cloud_service_id))
  set('enterprise_project', list(params.enterprise_project_id))
  set('region', list(params.mtm_region))
  set('incident_source', params.source_id)
  set('incident_ownership', params.incident_ownership)
  set('start_time', params.start_time)
  if (typeof params.assignee === 'string' && params.assignee !== '') {
    Object.assign(next, { incident_assignee: [params.assignee], assignee_scene: '', assignee_role: '' })
  } else if (params.assignee_scene !== undefined && params.assignee_role !== undefined) {
    Object.assign(next, { incident_assignee: [], assignee_scene: params.assignee_scene, assignee_role: params.assignee_role })
  }
}
