/**
 * COC's enum vocabularies (the enumerations of COC's incident API pages), with the display names
 * that `enum_data_list` carries. Keys are exact; Chinese names the pages do not give are
 * translations of the English ones.
 */
export interface VocabEntry {
  readonly key: string
  readonly zh: string
  readonly en: string
}

export const INCIDENT_LEVELS: readonly VocabEntry[] = [
  { key: 'level_10', zh: 'P1', en: 'P1' },
  { key: 'level_20', zh: 'P2', en: 'P2' },
  { key: 'level_30', zh: 'P3', en: 'P3' },
  { key: 'level_40', zh: 'P4', en: 'P4' },
  { key: 'level_50', zh: 'P5', en: 'P5' }
]

// The real table is longer; these are the keys seen in the SDKs, Terraform and the documents.
export const INCIDENT_TYPES: readonly VocabEntry[] = [
  { key: 'inc_type_p_security_issues', zh: '安全问题', en: 'Security issues' },
  { key: 'inc_type_p_function_issues', zh: '功能问题', en: 'function issues' },
  { key: 'inc_type_p_reliability_issues', zh: '可靠性问题', en: 'reliability issues' },
  { key: 'inc_type_p_config_issues', zh: '配置问题', en: 'config issues' },
  { key: 'inc_type_p_change_issues', zh: '变更问题', en: 'change issues' },
  { key: 'inc_type_p_middleware_issues', zh: '中间件问题', en: 'middleware issues' }
]

export const INCIDENT_SOURCES: readonly VocabEntry[] = [
  { key: 'incident_source_manual', zh: '人工创建', en: 'Manual Creation' },
  { key: 'incident_source_forwarding', zh: '流转创建', en: 'Transfer creation' },
  { key: 'incident_source_alarm', zh: '告警', en: 'alarm' }
]

// Note the mixed casing: the draft key is lower-case in COC.
export const INCIDENT_STATUSES: readonly VocabEntry[] = [
  { key: 'incident_draft', zh: '草稿', en: 'DRAFT' },
  { key: 'INCIDENT_STATUS_TRIGGERED', zh: '未受理', en: 'TRIGGERED' },
  { key: 'INCIDENT_STATUS_ACKNOWLEDGED', zh: '已受理', en: 'ACKNOWLEDGED' },
  { key: 'INCIDENT_STATUS_REJECTED', zh: '被驳回', en: 'REJECTED' },
  { key: 'INCIDENT_STATUS_RESOLVED', zh: '已解决待验证', en: 'RESOLVED' },
  { key: 'INCIDENT_STATUS_COMPLETED', zh: '已完成', en: 'COMPLETED' }
]

type Vocabulary = ReadonlyMap<string, VocabEntry>

function index (entries: readonly VocabEntry[]): Vocabulary {
  return new Map(entries.map(entry => [entry.key, entry]))
}

export const levels = index(INCIDENT_LEVELS)
export const types = index(INCIDENT_TYPES)
export const sources = index(INCIDENT_SOURCES)
export const statuses = index(INCIDENT_STATUSES)

/** The ticket statuses of the incident workflow (`work_flow_status`). */
export const STATUS = {
  draft: 'incident_draft',
  triggered: 'INCIDENT_STATUS_TRIGGERED',
  acknowledged: 'INCIDENT_STATUS_ACKNOWLEDGED',
  rejected: 'INCIDENT_STATUS_REJECTED',
  resolved: 'INCIDENT_STATUS_RESOLVED',
  completed: 'INCIDENT_STATUS_COMPLETED'
} as const

/** The workflow's steps by id (src/incident/workflow.ts has one entry for each). */
export const STEP_IDS = [
  'accept', 'forwardUnaccepted', 'rejectUnaccepted', 'forwardAccepted', 'addRemark', 'commitSolution', 'confirm',
  'requestPause', 'approvePause', 'rejectPause', 'recover', 'requestLevelChange', 'approveLevelChange',
  'rejectLevelChange', 'reopen', 'closeRejected'
] as const
export type StepId = typeof STEP_IDS[number]
