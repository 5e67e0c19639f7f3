import type { FastifyRequest } from 'fastify'

/**
 * Paths that belong to the emulator itself, not to the COC API: never journaled nor faulted.
 * `/` only redirects a browser to the dashboard.
 */
export function isControlPath (url: string): boolean {
  return url.startsWith('/__admin') || url.startsWith('/openapi.json') || url === '/' || url.startsWith('/?')
}

export function pathOf (url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

/** An exact path, or a prefix when the pattern ends in `*`. */
export function matchesPath (pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}

interface Filter { field?: unknown, name?: unknown, values?: unknown }

/** The incident ticket (v1 `incident_num`, v2 `incident_id`) or alarm (`alarm_id`) a request's path names. */
export function incidentOfPath (request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined
  const num = params?.incident_num ?? params?.incident_id ?? params?.alarm_id
  return typeof num === 'string' ? num : undefined
}

/**
 * The incident ticket a request is about: named in its path, in its body (`incident_num` of a
 * handle, a `ticket_id` history filter), or the one it created. War room and alarm requests
 * are filed under the number they name (`incident_number`, `war_room_num`, the first of `alarm_ids`).
 */
export function incidentOf (request: FastifyRequest): string | undefined {
  const fromPath = incidentOfPath(request)
  if (fromPath !== undefined) return fromPath
  if (request.createdIncidentNum !== undefined) return request.createdIncidentNum
  const body = request.body
  if (typeof body !== 'object' || body === null) return undefined
  const { incident_num: num, string_filters: filters } = body as { incident_num?: unknown, string_filters?: unknown }
  if (typeof num === 'string') return num
  // The rest of the family: a war room's incident or number, the first alarm of a list.
  const { incident_number: forRoom, war_room_num: room, alarm_ids: alarms } = body as Record<string, unknown>
  if (typeof forRoom === 'string') return forRoom
  if (typeof room === 'string') return room
  if (typeof alarms === 'string') return alarms.split(',')[0]!.trim()
  if (Array.isArray(filters)) {
    for (const filter of filters as Filter[]) {
      const name = filter?.field ?? filter?.name
      if (name === 'ticket_id' && Array.isArray(filter.values) && typeof filter.values[0] === 'string') return filter.values[0]
    }
  }
  return undefined
}
