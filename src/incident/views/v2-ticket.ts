import { type IncidentRecord } from '../../schemas/incident.js'
import { workflowOf } from '../record.js'
import type { TicketV2 } from '../../schemas/v2.js'
import { deriveEnumDataList, type Directory } from './detail.js'

const text = (value: number | null | undefined): string => value === null || value === undefined ? '' : String(value)

/** A ticket in the v2 shape: v2 names, every scalar a string, enum entries as {prop_id, biz_id}. */
export function toV2Ticket (record: IncidentRecord, directory: Directory, fields?: readonly string[]): TicketV2 {
  const workflow = workflowOf(record)
  const ticket: TicketV2 = {
    current_cloud_service_id: record.current_cloud_service[0] ?? '',
    level_id: record.incident_level,
    mtm_region: record.region[0] ?? '',
    source_id: record.incident_source,
    forward_rule_id: '',
    enterprise_project_id: record.enterprise_project[0] ?? '',
    mtm_type: record.incident_type,
    title: record.incident_title,
    description: record.incident_description,
    ticket_id: record.incident_num,
    is_service_interrupt: record.is_service_interrupt ? 'true' : 'false',
    work_flow_status: record.status,
    phase: workflow.phase,
    assignee: record.incident_assignee[0] ?? '',
    creator: record.creator,
    operator: workflow.operator,
    update_time: text(workflow.update_time),
    create_time: text(record.create_time),
    start_time: text(record.start_time),
    handle_time: text(record.handle_time),
    incident_ownership: record.incident_ownership ?? '',
    warroom_id: record.warroom_id,
    enum_data_list: deriveEnumDataList(record, directory).map(entry => ({ prop_id: entry.filed_key, biz_id: entry.enum_key, name_zh: entry.name_zh, name_en: entry.name_en }))
  }
  if (fields === undefined || fields.length === 0) return ticket
  // `fields` narrows the tickets; ticket_id always stays, so a row can be told apart.
  const keep = new Set([...fields, 'ticket_id'])
  return Object.fromEntries(Object.entries(ticket).filter(([key]) => keep.has(key))) as TicketV2
}
