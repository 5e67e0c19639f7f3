/**
 * What the OpenAPI document says of each operation beyond its schemas: the operationId (the
 * Huawei Cloud SDK's operation name for the COC routes, so that generated clients read like the
 * SDK), a description, and examples that the emulator answers 2xx on its seed data.
 */

/** The ticket of the seed document (fixtures/tickets.json) that the examples act on. */
export const EXAMPLE_INCIDENT = 'IM202403181322030178042608'

/** The ticket the CreateWarRoom example names: not seeded, inserted first (the seeded ones have their war room). */
export const WARROOM_EXAMPLE_INCIDENT = 'IM202601011200000000000001'

/** Values for the path parameters of the examples. */
export const PATH_EXAMPLES: Record<string, string> = {
  incident_num: EXAMPLE_INCIDENT,
  incident_id: EXAMPLE_INCIDENT,
  ticket_type: 'incident',
  id: 'fault-1',
  alarm_id: 'AL202403181330000000000001'
}

export interface OperationFacts {
  operationId: string
  description: string
  /** Replaces the route's own summary. */
  summary?: string
  /** A request body that the emulator accepts on its seed data. */
  requestExample?: unknown
}

const CREATE_EXAMPLE = {
  incident_level: 'level_40',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_function_issues',
  incident_title: 'Checkout latency above 2 s',
  incident_description: 'p99 latency of the checkout service went above 2 s',
  incident_source: 'incident_source_manual',
  incident_assignee: ['7da46971b7e24eed90cf777cc2ff8b91'],
  creator: '25819b46251b46218bf6ad238ddd860c'
}

const HISTORIES_EXAMPLE = {
  string_filters: [{ name: 'ticket_id', operator: '=', field: 'ticket_id', values: [EXAMPLE_INCIDENT] }]
}

const LIST_HISTORIES = 'Operation history of incident tickets, filtered by ticket number (string_filters) and sorted by sort_filter.'

/** Keyed by "METHOD /path" in the document's own path form. */
export const OPERATIONS: Record<string, OperationFacts> = {
  'GET /v1/external/incident/{incident_num}': {
    operationId: 'ShowCocIncidentDetail',
    description: 'The incident ticket with its enum_data_list; a ticket of another domain is not found.'
  },
  'POST /v1/external/incident/create': {
    operationId: 'CreateCocIncident',
    description: 'Creates an incident ticket in the caller\'s domain and answers its number.',
    requestExample: CREATE_EXAMPLE
  },
  'POST /v1/external/incident/handle': {
    operationId: 'HandleCocIncident',
    description: 'Runs a workflow step named by its v1 operate_key; parameter carries the step\'s fields.',
    requestExample: {
      incident_num: EXAMPLE_INCIDENT,
      operator: '7da46971b7e24eed90cf777cc2ff8b91',
      operate_key: 'incidentChangeLevel1',
      parameter: { virtual_target_level: 'level_40', virtual_change_level_comment: 'wider impact than first reported' }
    }
  },
  'GET /v1/incident-tickets': {
    operationId: 'ListIncidentSimpleTickets',
    summary: 'Simplified incident list (ListIncidentSimpleTickets)',
    description: 'A page of the caller\'s tickets with the simple fields only; offset is the page number.'
  },
  'POST /v1/{ticket_type}/list-histories': {
    operationId: 'ListTicketOperationHistories',
    description: LIST_HISTORIES,
    requestExample: HISTORIES_EXAMPLE
  },
  'POST /v1/external/{ticket_type}/list-histories': {
    operationId: 'ListCocTicketOperationHistories',
    description: LIST_HISTORIES,
    requestExample: HISTORIES_EXAMPLE
  },
  'POST /v1/incident/list-histories': {
    operationId: 'ListTicketOperationHistoriesOfIncidents',
    description: `${LIST_HISTORIES} The ticket type fixed to incident.`,
    requestExample: HISTORIES_EXAMPLE
  },
  'POST /v1/external/incident/list-histories': {
    operationId: 'ListCocTicketOperationHistoriesOfIncidents',
    description: `${LIST_HISTORIES} The ticket type fixed to incident.`,
    requestExample: HISTORIES_EXAMPLE
  },
  'POST /v2/incidents/list': {
    operationId: 'ListIncidents',
    description: 'A page of the caller\'s tickets, filtered by string_filters and int_filters and sorted by sort_filter.',
    requestExample: { page: 1, per_page: 10, contain_total: true }
  },
  'GET /v2/incidents/{incident_id}/tasks': {
    operationId: 'ShowIncidentTask',
    description: 'The ticket\'s current task and the actions allowed now, each with the task_id to send back.'
  },
  'POST /v2/incidents/{incident_id}/actions': {
    operationId: 'HandleIncident',
    description: 'Runs the v2 action of the current task; task_id must be the one read from the tasks.',
    requestExample: { task_id: '045ced6ff94bf6284ffa3add65edb925', action: 'addRemark', params: { note: 'checked the dashboards' } }
  },
  'POST /v2/incidents/{incident_id}/action': {
    operationId: 'HandleIncidentSingular',
    description: 'The same as POST /v2/incidents/{incident_id}/actions, under the singular path some clients use.',
    requestExample: { task_id: '045ced6ff94bf6284ffa3add65edb925', action: 'addRemark', params: { note: 'checked the dashboards' } }
  },
  'POST /v2/incidents/{incident_id}/histories': {
    operationId: 'ListIncidentsHistories',
    description: 'The ticket\'s action history, with v2 field names and times as strings.',
    requestExample: { sort_filter: { field: 'start_time', operator: 'desc', name: 'start_time' } }
  },
  'POST /v1/external/warrooms': {
    operationId: 'CreateWarRoom',
    description: 'Opens the war room of an incident ticket of the caller\'s domain (one per ticket) and answers its number; the ticket\'s warroom_id is set. ' +
      `Every seeded ticket that names a war room has it already: the example names a ticket inserted first with POST /__admin/tickets {"tickets":[{"incident_num":"${WARROOM_EXAMPLE_INCIDENT}", ...}]}.`,
    requestExample: {
      war_room_name: 'Checkout latency war room',
      application_id_list: ['6470681a31da2a47ed50a919'],
      incident_number: WARROOM_EXAMPLE_INCIDENT,
      schedule_group: [{ role_id: 'role_primary', scene_id: 'scene_sre_on_call' }],
      war_room_admin: '7da46971b7e24eed90cf777cc2ff8b91',
      enterprise_project_id: '0'
    }
  },
  'POST /v1/external/warrooms/list': {
    operationId: 'ListWarRooms',
    description: 'A page of the caller\'s war rooms (offset and limit; no limit, no rows), filtered; war_room_nums alone when given.',
    requestExample: { limit: 10, offset: 0, war_room_num: 'WR202403181334366050100030' }
  },
  'GET /v1/alarm-mgmt/alarm/{alarm_id}': {
    operationId: 'ShowAlarm',
    description: 'The alarm (AlarmInfoDTO); an alarm of another domain is not found.'
  },
  'GET /v1/alarm-mgmt/alarm/{alarm_id}/handle-histories': {
    operationId: 'ListAlarmHandleHistories',
    description: 'The alarm\'s handling history, oldest first, a page of it by offset and limit.'
  },
  'POST /v1/alarm-mgmt/alarm/{alarm_id}/auto-process': {
    operationId: 'HandlerAlarm',
    description: 'Starts a task on an active alarm: the alarm is handling, and its history records a work order.',
    requestExample: {
      task_type: 'SCRIPT',
      associated_task_id: 'SC202403181400000001',
      associated_task_type: 'CUSTOMIZATION',
      associated_task_name: 'restart-checkout',
      input_param: { timeout: '300' }
    }
  },
  'POST /v1/alarm-mgmt/alarms/cancel': {
    operationId: 'ClearAlarm',
    description: 'Clears the alarms of a comma-separated list, all or none, and answers their ids.',
    requestExample: { alarm_ids: 'AL202403181330000000000001', remarks: 'recovered after the restart' }
  },
  'POST /v1/alarm-mgmt/alarms-linked-incident': {
    operationId: 'TransferAlarmToIncident',
    description: 'Makes one incident ticket (source incident_source_alarm) of the alarms of a comma-separated list, links them to it, and answers [incident_num].',
    requestExample: {
      alarm_ids: 'AL202403181330000000000001',
      current_cloud_service_id: '6470681a31da2a47ed50a919',
      description: 'CPU above 90% on the checkout hosts',
      is_service_interrupt: false,
      level_id: 'level_30',
      mtm_type: 'inc_type_p_reliability_issues',
      title: 'Checkout hosts overloaded',
      assignee: '7da46971b7e24eed90cf777cc2ff8b91'
    }
  },
  'GET /__admin/health': { operationId: 'adminGetHealth', description: 'Answers 200 once the emulator serves requests.' },
  'POST /__admin/reset': { operationId: 'adminReset', description: 'Seeds the tickets again (none with ?empty=true), removes faults, empties the journal and sets the clock to real time.' },
  'POST /__admin/tickets': {
    operationId: 'adminCreateTickets',
    description: 'Inserts tickets in any status, for tests that need a ticket at a given step.',
    requestExample: { tickets: [CREATE_EXAMPLE] }
  },
  'GET /__admin/tickets': { operationId: 'adminListTickets', description: 'Tickets of every domain, or of one with domain_id, newest first.' },
  'DELETE /__admin/tickets/{incident_num}': { operationId: 'adminDeleteTicket', description: 'Deletes a ticket and its history.' },
  'GET /__admin/tickets/{incident_num}': { operationId: 'adminGetTicket', description: 'One ticket of any domain with its history, current task and allowed steps.' },
  'POST /__admin/tickets/{incident_num}/actions': {
    operationId: 'adminRunTicketAction',
    description: 'Runs a v2 action on a ticket of any domain; the operator defaults to the assignee.',
    requestExample: { action: 'addRemark', params: { note: 'checked the dashboards' } }
  },
  'GET /__admin/requests': { operationId: 'adminListRequests', description: 'The journal of COC requests, newest first, with secrets redacted.' },
  'DELETE /__admin/requests': { operationId: 'adminClearRequests', description: 'Empties the request journal.' },
  'POST /__admin/requests/count': {
    operationId: 'adminCountRequests',
    description: 'Counts the journaled requests that match the filter.',
    requestExample: { method: 'POST', path: '/v2/incidents/*' }
  },
  'POST /__admin/faults': {
    operationId: 'adminCreateFault',
    description: 'Adds a fault: a delay, an error status or a dropped connection on matching COC requests.',
    requestExample: { method: 'POST', path: '/v2/incidents/list', status: 503, times: 1 }
  },
  'GET /__admin/faults': { operationId: 'adminListFaults', description: 'The faults in force, in matching order.' },
  'DELETE /__admin/faults': { operationId: 'adminClearFaults', description: 'Removes every fault.' },
  'GET /__admin/faults/{id}': { operationId: 'adminGetFault', description: 'One fault and how often it has answered.' },
  'DELETE /__admin/faults/{id}': { operationId: 'adminDeleteFault', description: 'Removes one fault.' },
  'POST /__admin/alarms': {
    operationId: 'adminCreateAlarms',
    description: 'Inserts alarms in any state, all or none, for tests that need an alarm to link or clear.',
    requestExample: { alarms: [{ name: 'checkout: CPU usage above 90%', importance: 'Critical', app: '6470681a31da2a47ed50a919' }] }
  },
  'GET /__admin/alarms': { operationId: 'adminListAlarms', description: 'Alarms of every domain, or of one with domain_id, newest first.' },
  'DELETE /__admin/alarms/{alarm_id}': { operationId: 'adminDeleteAlarm', description: 'Deletes an alarm and its handling history.' },
  'GET /__admin/clock': { operationId: 'adminGetClock', description: 'The emulator\'s time, and whether it is frozen or shifted.' },
  'POST /__admin/clock': {
    operationId: 'adminSetClock',
    description: 'Freezes the clock at frozen_at and/or shifts it by offset_ms.',
    requestExample: { offset_ms: 3_600_000 }
  },
  'DELETE /__admin/clock': { operationId: 'adminResetClock', description: 'Back to real time.' },
  'GET /__admin/overview': { operationId: 'adminGetOverview', description: 'Figures for the dashboard: tickets by status and recent request rates.' },
  'GET /__admin/ticket-search': { operationId: 'adminSearchTickets', description: 'Tickets of every domain filtered like the v2 list, for the dashboard.' },
  'GET /openapi.json': { operationId: 'getOpenApiDocument', description: 'This document, with servers naming the URL it was asked on.' }
}
