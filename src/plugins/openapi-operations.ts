/**
 * What the OpenAPI document says of each operation beyond its schemas: the operationId (the
 * Huawei Cloud SDK's operation name for the COC routes, so that generated clients read like the
 * SDK), a description, and examples that the emulator answers 2xx on its seed data.
 */

/** The ticket of the seed document (fixtures/tickets.json) that the examples act on. */
const EXAMPLE_INCIDENT = 'IM202403181322030178042608'

/** The ticket the CreateWarRoom example names: not seeded, inserted first (the seeded ones have their war room). */
const WARROOM_EXAMPLE_INCIDENT = 'IM202601011200000000000001'

/** Values for the path parameters of the examples. */
export const PATH_EXAMPLES: Record<string, string> = {
  incident_num: EXAMPLE_INCIDENT,
  incident_id: EXAMPLE_INCIDENT,
  ticket_type: 'incident',
  id: 'fault-1',
  key: 'inc_type_p_capacity_issues',
  alarm_id: 'AL202403181330000000000001'
}

interface OperationFacts {
  operationId: string
  description: string
  /** Replaces the route's own summary. */
  summary?: string
  /** A request body that the emulator accepts on its seed data. */
  requestExample?: unknown
  /** Path parameter examples of this operation, over PATH_EXAMPLES. */
  pathExamples?: Record<string, string>
  /** A request body the route's schema cannot state (multipart/form-data). */
  requestBody?: unknown
  /** A 200 answer that is not JSON (a download). */
  response200?: unknown
  /**
   * Requests that put the state the example needs in place, sent in order on the seeded state
   * (shown as `x-example-setup`, for example-driven tools and their hooks).
   */
  setup?: ExampleSetup[]
}

interface ExampleSetup { method: 'POST', path: string, body: unknown }

/** The seeded application (fixtures/applications.json) that the examples act on. */
const EXAMPLE_APPLICATION = '64a1f3c2e4b0a17d9c3e5f21'

/** One `file` part, as "Uploading an Attachment" describes it. */
const UPLOAD_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'the file: .jpg, .jpeg, .png, .docx, .txt or .pdf, up to 10 MiB (413 over it)' }
        }
      },
      encoding: { file: { contentType: 'application/octet-stream, image/png, image/jpeg, text/plain, application/pdf' } }
    }
  }
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
    description: 'A page of the caller\'s tickets, filtered by string_filters and int_filters (joined by condition) and sorted by sort_filter; ' +
      'count_filters and group_by_filter are answered as count_result and group_by_result beside the tickets.',
    requestExample: {
      page: 1,
      per_page: 10,
      contain_total: true,
      count_filters: [{ name: 'open', filters: [{ field: 'work_flow_status', operator: 'in', values: ['INCIDENT_STATUS_TRIGGERED', 'INCIDENT_STATUS_ACKNOWLEDGED'] }] }],
      group_by_filter: { field: 'level_id', operator: 'in', values: [] }
    }
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
    description: 'The ticket\'s action history, with v2 field names and times as strings; filtered, sorted, paged, counted and grouped as the v2 list is.',
    requestExample: {
      string_filters: [{ field: 'action', operator: '!=', values: ['addRemark'] }],
      int_filters: [{ field: 'start_time', operator: '>=', values: ['1710739323172'] }],
      sort_filter: { field: 'start_time', operator: 'desc', name: 'start_time' },
      group_by_filter: { field: 'action', operator: 'in', values: [] }
    }
  },
  'GET /v3/auth/domains': {
    operationId: 'KeystoneListAuthDomains',
    description: 'The domain of the credentials, as GlobalCredentials without a domain id asks for it.'
  },
  'GET /v3/projects': {
    operationId: 'KeystoneListProjects',
    description: 'The projects of the credentials\' domain; name=<region> finds the project of that region, as BasicCredentials without a project id and the Terraform provider ask.'
  },
  'GET /v3/auth/catalog': {
    operationId: 'KeystoneShowCatalog',
    description: 'The service catalog, empty: clients pointed at the emulator name their endpoints themselves.'
  },
  'POST /v1/applications': {
    operationId: 'CreateApplication',
    description: 'Creates an application in the caller\'s domain; data.id is its id (the Terraform provider reads it there).',
    requestExample: { name: 'checkout', description: 'the checkout service' }
  },
  'GET /v1/applications': {
    operationId: 'ListApplications',
    description: 'The caller\'s applications, oldest first, filtered by id_list, parent_id, name_like and code; marker is the last id of the previous page.'
  },
  'PUT /v1/applications/{id}': {
    operationId: 'UpdateApplication',
    description: 'Changes the name, description or is_collection of an application of the caller\'s domain.',
    pathExamples: { id: EXAMPLE_APPLICATION },
    requestExample: { name: 'order-center-eu', description: 'orders and carts in Europe', is_collection: true }
  },
  'DELETE /v1/applications/{id}': {
    operationId: 'DeleteApplication',
    description: 'Deletes an application of the caller\'s domain; an unknown one is 400 common.00000400.',
    pathExamples: { id: EXAMPLE_APPLICATION }
  },
  'POST /v1/external/incident/attachments': {
    operationId: 'CreateExternalCocAttachment',
    description: 'Stores a file (the multipart part named file) in the caller\'s domain and answers its doc_id.',
    requestBody: UPLOAD_BODY
  },
  'POST /v1/{ticket_type}/attachments': {
    operationId: 'CreateAttachment',
    description: 'The same upload under a ticket type (incident); the answer repeats the id and name at the top.',
    requestBody: UPLOAD_BODY
  },
  'GET /v1/{ticket_type}/attachments/{doc_id}': {
    operationId: 'DownloadAttachment',
    description: 'The file\'s bytes, its name in Content-Disposition; an attachment of another domain is not found.',
    pathExamples: { doc_id: '0000000000000000000000000001' },
    response200: {
      description: 'the file',
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'image/*': { schema: { type: 'string', format: 'binary' } } }
    }
  },
  'GET /__admin/applications': { operationId: 'adminListApplications', description: 'Applications of every domain, or of one with domain_id, oldest first.' },
  'POST /__admin/applications': {
    operationId: 'adminCreateApplications',
    description: 'Inserts applications of any domain, all or none, for tests that need them in place.',
    requestExample: { applications: [{ name: 'checkout', domain_id: 'coc-other-domain' }] }
  },
  'DELETE /__admin/applications/{id}': {
    operationId: 'adminDeleteApplication',
    description: 'Deletes an application of any domain.',
    pathExamples: { id: EXAMPLE_APPLICATION }
  },
  'POST /v1/external/warrooms': {
    operationId: 'CreateWarRoom',
    description: 'Opens the war room of an incident ticket of the caller\'s domain (one per ticket) and answers its number; the ticket\'s warroom_id is set. ' +
      'Every seeded ticket that names a war room has it already: the example names a ticket inserted first (x-example-setup).',
    setup: [{ method: 'POST', path: '/__admin/tickets', body: { tickets: [{ ...CREATE_EXAMPLE, incident_num: WARROOM_EXAMPLE_INCIDENT }] } }],
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
  'GET /__admin/warrooms': {
    operationId: 'adminListWarRooms',
    description: 'War rooms of every domain, or of one with domain_id, newest first: as ListWarRooms shows them, with their ticket\'s number and domain. Seeded and inserted tickets that name a war room have it.'
  },
  'GET /__admin/clock': { operationId: 'adminGetClock', description: 'The emulator\'s time, and whether it is frozen or shifted.' },
  'POST /__admin/clock': {
    operationId: 'adminSetClock',
    description: 'Freezes the clock at frozen_at and/or shifts it by offset_ms.',
    requestExample: { offset_ms: 3_600_000 }
  },
  'DELETE /__admin/clock': { operationId: 'adminResetClock', description: 'Back to real time.' },
  'GET /__admin/overview': { operationId: 'adminGetOverview', description: 'Figures for the dashboard: tickets by status and recent request rates.' },
  'GET /__admin/ticket-search': { operationId: 'adminSearchTickets', description: 'Tickets of every domain filtered like the v2 list, for the dashboard.' },
  'GET /__admin/categories': { operationId: 'adminListCategories', description: 'The incident categories incident_type and mtm_type may name: COC\'s presets, the fixtures\' (categories.json) and inserted ones.' },
  'POST /__admin/categories': {
    operationId: 'adminCreateCategories',
    description: 'Registers incident categories, all or none: a key given twice is a 400, a registered one a 409. POST /__admin/reset removes them.',
    requestExample: { categories: [{ key: 'inc_type_p_capacity_issues', name_en: 'capacity issues', name_zh: '容量问题' }] }
  },
  'DELETE /__admin/categories/{key}': { operationId: 'adminDeleteCategory', description: 'Removes an inserted category (presets and fixture categories stay: 409); tickets that have it keep it.' },
  'GET /openapi.json': { operationId: 'getOpenApiDocument', description: 'This document, with servers naming the URL it was asked on.' }
}
