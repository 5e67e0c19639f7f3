import fastJson from 'fast-json-stringify'
import { success } from '../errors.js'
import { IncidentDetailResponse } from '../schemas/incident.js'
import type { Application } from '../schemas/fixtures.js'
import type { EnumDataItem, IncidentRecord } from '../schemas/incident.js'
import type { DetailRow, IncidentStore } from '../stores/incident-store.js'
import { deriveEnumDataList, toDetail, type Directory } from './views/detail.js'
import { detailBody, givenListText, listText } from './views/detail-text.js'

const DEFAULT_CACHED_DETAILS = 1_000
const MAX_NAMES = 10_000

export interface DetailView {
  /** The 200 body of the detail route as UTF-8 bytes, or undefined when the domain has no such ticket. */
  bytes (domainId: string, incidentNum: string): Buffer | undefined
  /** The same body as text. */
  body (domainId: string, incidentNum: string): string | undefined
  /** Drops every cached body: the names a body shows (a category's) have changed. */
  invalidate (): void
}

/**
 * Detail bodies are read far more often than tickets change, so the serialised envelope of
 * recently read tickets is kept, and dropped whenever the store reports a write to the ticket.
 * A ticket not kept costs one statement that returns its fields already serialised (see
 * src/stores/detail-sql.ts), so reading it the first time costs little more than again.
 */
export function createDetailView (store: Pick<IncidentStore, 'get' | 'subscribe'> & Partial<Pick<IncidentStore, 'detailOf'>>, directory: Directory, maxEntries = DEFAULT_CACHED_DETAILS,
  directoryChanges?: (listener: () => void) => void): DetailView {
  const serialize = fastJson(IncidentDetailResponse)
  // Kept as bytes: a body holds Chinese names, so as text it is a two-byte string that every
  // answer would measure and encode to UTF-8 again.
  const cache = new Map<string, { domainId: string, body: Buffer }>()
  // The names of applications and categories, each a query of its registry, are kept too: they
  // are stale exactly when every kept body is, and are dropped with them.
  const names = new Map<string, { en: string, zh: string } | Application | undefined>()
  const clear = (): void => {
    cache.clear()
    names.clear()
  }
  const named = <T extends { en: string, zh: string } | Application | undefined>(key: string, find: () => T): T => {
    if (names.has(key)) return names.get(key) as T
    const found = find()
    if (names.size >= MAX_NAMES) names.clear()
    names.set(key, found)
    return found
  }
  const { categoryNames } = directory
  const viewDirectory: Directory = {
    users: directory.users,
    applications: { get: (id, domainId) => named(`a\u0000${id}\u0000${domainId}`, () => directory.applications.get(id, domainId)) },
    ...(categoryNames === undefined ? {} : { categoryNames: { get: (key: string) => named(`c\u0000${key}`, () => categoryNames.get(key)) } })
  }
  store.subscribe(incidentNums => {
    if (incidentNums === null) clear()
    else for (const num of incidentNums) cache.delete(num)
  })
  // A renamed or deleted application changes the names every cached ticket shows.
  directoryChanges?.(clear)
  const view: DetailView = {
    body: (domainId, incidentNum) => view.bytes(domainId, incidentNum)?.toString(),
    bytes (domainId, incidentNum) {
      const cached = cache.get(incidentNum)
      // Numbers are unique across domains: a cached ticket of another domain is "not found".
      if (cached !== undefined) return cached.domainId === domainId ? cached.body : undefined
      let body: string
      if (store.detailOf !== undefined) {
        // The store serialises the row's part; only the names come from here.
        const row = store.detailOf(domainId, incidentNum)
        if (row === undefined) return undefined
        body = detailBody(row[0], enumListText(domainId, incidentNum, row, viewDirectory), row[1])
      } else {
        const record = store.get(domainId, incidentNum)
        if (record === undefined) return undefined
        body = serialize(success(toDetail(record, viewDirectory)))
      }
      const bytes = Buffer.from(body)
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!)
      cache.set(incidentNum, { domainId, body: bytes })
      return bytes
    },
    invalidate: clear
  }
  return view
}

/** The enum_data_list of a stored ticket: its verbatim one, else derived from the fields it names. */
function enumListText (domainId: string, incidentNum: string, row: DetailRow, directory: Directory): string {
  const [, , verbatim, cloudService, creator, level, status, type, source, assignees] = row
  if (verbatim !== null) return givenListText(JSON.parse(verbatim) as EnumDataItem[])
  // Only the fields deriveEnumDataList reads are filled in.
  const fields = {
    incident_num: incidentNum,
    domain_id: domainId,
    current_cloud_service: JSON.parse(cloudService) as string[],
    creator,
    incident_level: level,
    status,
    incident_type: type,
    incident_source: source,
    incident_assignee: JSON.parse(assignees) as string[]
  } as IncidentRecord
  return listText(deriveEnumDataList(fields, directory))
}
