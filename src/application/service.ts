import { splitIds } from '../alarm/service.js'
import { CocError } from '../errors.js'
import type { Principal } from '../fixtures.js'
import type { Application } from '../schemas/fixtures.js'
import type { AdminApplication, ApplicationInfo, CreateApplicationBody, ListApplicationsQuery, UpdateApplicationBody } from '../schemas/application.js'
import type { ApplicationRecord, ApplicationStore } from '../stores/application-store.js'

/**
 * When the seeded applications were made: a fixed instant, so that the seed reads the same on
 * every run (2024-01-01T00:00:00Z).
 */
const SEEDED_APPLICATION_TIME = 1_704_067_200_000

function applicationNotFound (id: string): CocError {
  return new CocError('resourceNotFound', `id: no application [${id}] exists`)
}

/** The list and detail shape (ApplicationQueryResponseData): times as strings. */
export function applicationInfo (record: ApplicationRecord): ApplicationInfo {
  return {
    id: record.id,
    name: record.name,
    code: record.code,
    domain_id: record.domain_id,
    parent_id: record.parent_id,
    description: record.description,
    path: record.path,
    is_collection: record.is_collection,
    create_time: String(record.create_time),
    update_time: String(record.update_time)
  }
}

/** An id in the shape of the seeded ones: 24 hex digits, the creation second then a counter. */
function newId (seq: number, now: number): string {
  return Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8) + seq.toString(16).padStart(16, '0')
}

/** The names a ticket's enum_data_list shows for an application id. */
interface ApplicationNames {
  get (id: string, domainId?: string): Application | undefined
}

export interface ApplicationService {
  create (principal: Principal, body: CreateApplicationBody): ApplicationRecord
  update (principal: Principal, id: string, body: UpdateApplicationBody): ApplicationRecord
  remove (principal: Principal, id: string): void
  list (principal: Principal, query: ListApplicationsQuery): ApplicationRecord[]
  /** Control plane: a page of every domain's applications (or one domain's), oldest first. */
  listAll (domainId: string | undefined, limit: number, marker?: string): { records: ApplicationRecord[], total: number }
  /** Control plane: deletes an application of any domain; false when none has it. */
  removeAny (id: string): boolean
  /** Control plane: inserts applications of any domain, all or none. */
  insert (applications: readonly AdminApplication[], defaultDomain: string): ApplicationRecord[]
  /** The fixture applications, in the default domain, under their own ids. */
  seed (applications: Iterable<Application>, domainId: string): void
  names: ApplicationNames
}

/** Application names kept at most (ids that name nothing included). */
const MAX_NAMED = 10_000

export function createApplicationService (store: ApplicationStore, now: () => number): ApplicationService {
  // The names every view shows for a ticket's applications (a list page names tens of them), kept
  // until an application is written: a query each was a twelfth of a v2 list's time.
  const named = new Map<string, ApplicationRecord | undefined>()
  store.subscribe(() => named.clear())
  function parentPath (domainId: string, parentId: string): string {
    if (parentId === '') return ''
    const parent = store.get(domainId, parentId)
    if (parent === undefined) throw new CocError('validation', `parent_id: no application [${parentId}] exists`)
    return parent.path
  }

  function checkName (domainId: string, parentId: string, name: string, exceptId?: string): void {
    if (store.nameTaken(domainId, parentId, name, exceptId)) {
      throw new CocError('validation', `name: an application named [${name}] already exists${parentId === '' ? ' at the top level' : ` under [${parentId}]`}`)
    }
  }

  function make (domainId: string, input: { id?: string | undefined, name: string, name_zh?: string | undefined, code?: string | undefined, parent_id?: string | undefined, description?: string | undefined, is_collection?: boolean | undefined }, time: number, checkNames = true): ApplicationRecord {
    const parentId = input.parent_id ?? ''
    const path = parentPath(domainId, parentId)
    if (checkNames) checkName(domainId, parentId, input.name)
    const seq = store.nextSeq()
    const id = input.id ?? newId(seq, time)
    if (store.find(id) !== undefined) throw new CocError('conflict', `id: an application [${id}] already exists`)
    const record: ApplicationRecord = {
      id,
      domain_id: domainId,
      name: input.name,
      name_zh: input.name_zh ?? null,
      code: input.code ?? `APP${String(seq).padStart(8, '0')}`,
      parent_id: parentId,
      description: input.description ?? '',
      path: `${path}/${id}`,
      is_collection: input.is_collection ?? false,
      create_time: time,
      update_time: time
    }
    store.insert(record)
    return record
  }

  function owned (principal: Principal, id: string): ApplicationRecord {
    const record = store.get(principal.domainId, id)
    // Another domain's application is not found, never revealed.
    if (record === undefined) throw applicationNotFound(id)
    return record
  }

  return {
    create: (principal, body) => make(principal.domainId, body, now()),
    update (principal, id, body) {
      const record = owned(principal, id)
      if (body.name !== undefined && body.name !== record.name) checkName(principal.domainId, record.parent_id, body.name, id)
      const updated: ApplicationRecord = {
        ...record,
        name: body.name ?? record.name,
        description: body.description ?? record.description,
        is_collection: body.is_collection ?? record.is_collection,
        update_time: now()
      }
      store.update(updated)
      return updated
    },
    remove (principal, id) {
      owned(principal, id)
      if (store.hasChildren(principal.domainId, id)) {
        throw new CocError('notAllowed', `id: application [${id}] has child applications; delete them first`)
      }
      store.remove(id)
    },
    list: (principal, query) => {
      // id_list arrives repeated or comma-separated (both are seen in clients); empties dropped.
      const idList = query.id_list?.flatMap(splitIds)
      return store.list(principal.domainId, {
        ...(idList === undefined ? {} : { idList }),
        ...(query.parent_id === undefined ? {} : { parentId: query.parent_id }),
        ...(query.name_like === undefined ? {} : { nameLike: query.name_like }),
        ...(query.code === undefined ? {} : { code: query.code }),
        ...(query.marker === undefined ? {} : { marker: query.marker }),
        limit: query.limit
      })
    },
    listAll: (domainId, limit, marker) => ({
      records: store.list(domainId, { limit, ...(marker === undefined ? {} : { marker }) }),
      total: store.count(domainId)
    }),
    removeAny: id => store.remove(id),
    insert (applications, defaultDomain) {
      const time = now()
      return store.transaction(() => applications.map(input => make(input.domain_id ?? defaultDomain, input, time)))
    },
    seed (applications, domainId) {
      store.transaction(() => {
        for (const app of applications) {
          make(domainId, { id: app.id, name: app.name_en, name_zh: app.name_zh, code: app.name_en }, SEEDED_APPLICATION_TIME, false)
        }
      })
    },
    names: {
      get (id, domainId) {
        let record = named.get(id)
        if (record === undefined && !named.has(id)) {
          record = store.find(id)
          if (named.size >= MAX_NAMED) named.clear()
          named.set(id, record)
        }
        if (record === undefined || (domainId !== undefined && record.domain_id !== domainId)) return undefined
        return { id, name_en: record.name, name_zh: record.name_zh ?? record.name }
      }
    }
  }
}
