import type { SimpleTicketInfo } from '../../schemas/v1.js'
import type { TicketSummary } from '../../stores/incident-store.js'

/** An item of IncidentSimpleTicketInfos (GET /v1/incident-tickets). */
export function toSummaryItem (item: TicketSummary): SimpleTicketInfo {
  return {
    title: item.incident_title,
    ticket_id: item.incident_num,
    description: item.incident_description,
    status: item.status,
    level: item.incident_level,
    enterprise_project: item.enterprise_project[0] ?? '',
    source: item.incident_source,
    creator: item.creator,
    assignee: item.incident_assignee
  }
}
