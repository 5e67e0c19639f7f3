import fastJson from 'fast-json-stringify'
import { success } from '../errors.js'
import { IncidentDetailResponse } from '../schemas/incident.js'
import type { IncidentStore } from '../stores/incident-store.js'
import { toDetail, type Directory } from './views/detail.js'

export const DEFAULT_CACHED_DETAILS = 20_000

export interface DetailView {
  /** The serialised 200 body of the detail route, or undefined when the domain has no such ticket. */
  body (domainId: string, incidentNum: string): string | undefined
  /** Drops every cached body: the names a body shows (a category's) have changed. */
  invalidate (): void
}

/**
 * Detail bodies are read far more often than tickets change, so the serialised envelope of
 * recently read tickets is kept, and dropped whenever the store reports a write to the ticket.
 */
export function createDetailView (store: Pick<IncidentStore, 'get' | 'subscribe'>, directory: Directory, maxEntries = DEFAULT_CACHED_DETAILS,
  directoryChanges?: (listener: () => void) => void): DetailView {
  const serialize = fastJson(IncidentDetailResponse)
  const cache = new Map<string, { domainId: string, body: string }>()
  store.subscribe(incidentNums => {
    if (incidentNums === null) cache.clear()
    else for (const num of incidentNums) cache.delete(num)
  })
  // A renamed or deleted application changes the names every cached ticket shows.
  directoryChanges?.(() => cache.clear())
  return {
    body (domainId, incidentNum) {
      const cached = cache.get(incidentNum)
      // Numbers are unique across domains: a cached ticket of another domain is "not found".
      if (cached !== undefined) return cached.domainId === domainId ? cached.body : undefined
      const record = store.get(domainId, incidentNum)
      if (record === undefined) return undefined
      const body = serialize(success(toDetail(record, directory)))
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!)
      cache.set(incidentNum, { domainId, body })
      return body
    },
    invalidate () { cache.clear() }
  }
}
