import type { HistoryItem } from '../../schemas/v1.js'
import type { V2HistoryItem } from '../../schemas/v2.js'
import type { HistoryEntry } from '../record.js'
import { STEPS } from '../workflow.js'
import { userNames, type Directory } from './detail.js'

const CREATE_NAMES = { en: 'Create', zh: '创建' }
// Steps of the history that are not workflow steps besides `create`.
const OTHER_NAMES: Readonly<Record<string, { en: string, zh: string }>> = { createWarRoom: { en: 'Create war room', zh: '创建作战室' } }

/** Display names of a history entry's step (`create` is no workflow step). */
export function stepNames (stepId: string): { en: string, zh: string } {
  const step = STEPS.find(s => s.id === stepId)
  return step === undefined ? OTHER_NAMES[stepId] ?? CREATE_NAMES : { en: step.nameEn, zh: step.nameZh }
}

/** The v1 history item (TicketHistoryInfo) of an entry: times as numbers, names resolved. */
export function toHistoryItem (entry: HistoryEntry, directory: Directory): HistoryItem {
  const names = stepNames(entry.step)
  const user = userNames(directory, entry.operator)
  return {
    action_id: entry.step,
    action: entry.action,
    sub_action: entry.sub_action ?? entry.step,
    operator: entry.operator,
    comment: entry.comment,
    id: entry.id,
    ticket_id: entry.incident_num,
    start_time: entry.start_time,
    stop_time: entry.stop_time,
    update_time: entry.stop_time,
    target_type: entry.target_type,
    target_value: entry.target_value,
    is_deteted: false,
    action_name_zh: names.zh,
    action_name_en: names.en,
    action_template_zh: `${user.zh} ${names.zh}`,
    action_template_en: `${user.en}: ${names.en}`,
    status: entry.status,
    final_sub_action: entry.final_sub_action ?? entry.step,
    enum_data_list: [{
      is_deleted: false,
      match_type: 'user',
      ticket_id: entry.incident_num,
      real_ticket_id: entry.incident_num,
      name_zh: user.zh,
      name_en: user.en,
      user_name: user.en,
      biz_id: entry.operator,
      prop_id: 'operator',
      model_id: 'incident'
    }]
  }
}

/** The v2 history item (CocListHistoryResponseDataV2's): times as strings, names resolved; `fields`, when given, narrows it to those keys. */
export function toV2HistoryItem (entry: HistoryEntry, directory: Directory, fields?: readonly string[]): Partial<V2HistoryItem> {
  const names = stepNames(entry.step)
  const user = userNames(directory, entry.operator)
  const item: V2HistoryItem = {
    action: entry.action,
    action_name_zh: names.zh,
    action_name_en: names.en,
    operator: entry.operator,
    status: entry.status,
    start_time: String(entry.start_time),
    stop_time: String(entry.stop_time),
    comment: entry.comment,
    enum_data_list: [{ prop_id: 'operator', biz_id: entry.operator, name_zh: user.zh, name_en: user.en }]
  }
  if (fields === undefined || fields.length === 0) return item
  const keep = new Set(fields)
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key)))
}
