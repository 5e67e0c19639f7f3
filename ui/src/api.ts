/** The control plane as the page uses it: every call is a documented /__admin route. */

export interface Envelope<T> { provider_code: string, error_code: string, error_msg: string | null, data: T }

export class ApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) {
    super(message)
  }
}

export async function api<T> (method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { ...init.headers, 'content-type': 'application/json' }
  }
  const response = await fetch(path, init)
  let json: Envelope<T> | undefined
  try {
    json = await response.json() as Envelope<T>
  } catch {
    throw new ApiError(response.status, '', `${method} ${path}: HTTP ${response.status}, no JSON body`)
  }
  if (!response.ok) throw new ApiError(response.status, json.error_code, json.error_msg ?? `HTTP ${response.status}`)
  return json.data
}

export function query (params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

export interface EnumItem { filed_key: string, enum_key: string, name_zh: string, name_en: string }

export interface Ticket {
  incident_num: string
  domain_id: string
  region: string[]
  enterprise_project: string[]
  current_cloud_service: string[]
  incident_level: string
  is_service_interrupt: boolean
  incident_type: string
  incident_title: string
  incident_description: string
  incident_source: string
  incident_assignee: string[]
  assignee_scene: string
  assignee_role: string
  warroom_id: string
  handle_time: number | null
  status: string
  create_time: number
  creator: string
  start_time?: number
  fault_recovery_time?: number
  fault_delineation_time?: number
  incident_ownership?: string
  enum_data_list: EnumItem[]
  [key: string]: unknown
}

export interface TimelineEntry {
  id: string
  action: string
  step: string
  name_en: string
  name_zh: string
  operator: string
  operator_name: string
  status: string
  comment: string
  start_time: number
  stop_time: number
}

export interface JsonSchema {
  type?: string
  enum?: string[]
  description?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  properties?: Record<string, JsonSchema>
  required?: string[]
}

export interface AllowedAction { action: string, v1_key: string | null, name_en: string, name_zh: string, params: JsonSchema }

export interface TicketPage {
  ticket: Ticket
  workflow: { phase: string, pending_level: string | null, update_time: number, operator: string }
  history: TimelineEntry[]
  task: { task_id: string, key: string, name: string } | null
  actions: AllowedAction[]
}

export interface JournaledRequest {
  id: number
  request_id: string
  time: number
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: unknown
  status: number | null
  error_code: string | null
  incident_num: string | null
  domain_id: string | null
  duration_ms: number
  fault_id: string | null
}

export interface Fault {
  id: string
  method: string
  path: string
  incident_num?: string
  delay_ms?: number
  status?: number
  error_code?: string
  error_msg?: string
  drop?: boolean
  times?: number
  matched: number
  remaining: number | null
}

export interface ClockView { now: number, frozen_at: number | null, offset_ms: number }

export interface Overview {
  version: string
  uptime_ms: number
  auth_mode: string
  clock: ClockView
  tickets: { total: number, by_status: Record<string, number> }
  requests: { window_ms: number, count: number, errors: number, per_second: number, error_rate: number, journaled: number, capacity: number }
  faults: number
}
