import type { Fixtures } from '../../fixtures.js'
import type { Application } from '../../schemas/fixtures.js'
import type { EnumDataItem, IncidentDetail, IncidentRecord } from '../../schemas/incident.js'
import { levels, sources, statuses, types } from '../../vocab.js'

/** Where names come from: the users, the application registry (which may look in the ticket's domain only) and the category registry. */
export interface Directory {
  users: Fixtures['users']
  applications: { get (id: string, domainId?: string): Application | undefined }
  categoryNames?: Fixtures['categoryNames']
}

/** How a user is shown everywhere: the directory's names, else the id itself. */
export function userNames (directory: Pick<Directory, 'users'>, userId: string): { en: string, zh: string } {
  const known = directory.users.get(userId)
  const en = known?.name ?? userId
  return { en, zh: known?.name_zh ?? en }
}

function fromVocabulary (filedKey: string, vocabulary: { get (key: string): { en: string, zh: string } | undefined }, key: string): EnumDataItem {
  const entry = vocabulary.get(key)
  // An unknown key still gets an entry with four non-empty members, as Terraform requires.
  return { filed_key: filedKey, enum_key: key, name_zh: entry?.zh ?? key, name_en: entry?.en ?? key }
}

function user (filedKey: string, directory: Directory, userId: string): EnumDataItem {
  const names = userNames(directory, userId)
  return { filed_key: filedKey, enum_key: userId, name_zh: names.zh, name_en: names.en }
}

/**
 * The stored fields the display dictionary is made from, in the order of its entries (the
 * document's example): application, creator, level, status, type, source, assignees.
 */
export const ENUM_SOURCES = ['current_cloud_service', 'creator', 'incident_level', 'status', 'incident_type', 'incident_source', 'incident_assignee'] as const
export type EnumSource = typeof ENUM_SOURCES[number]

/**
 * Adds the dictionary entries of one stored field's value to `list`: one per non-empty value,
 * one per non-empty assignee, the application of the first cloud service only.
 */
export function pushEntries (list: EnumDataItem[], source: EnumSource, value: string | readonly string[], domainId: string, directory: Directory): void {
  switch (source) {
    case 'current_cloud_service': {
      const appId = value[0]
      if (!appId) return
      const app = directory.applications.get(appId, domainId)
      list.push({ filed_key: 'current_cloud_service_id', enum_key: appId, name_zh: app?.name_zh ?? appId, name_en: app?.name_en ?? appId })
      return
    }
    case 'incident_assignee':
      for (const assignee of value) {
        if (assignee) list.push(user('assignee', directory, assignee))
      }
      return
  }
  const key = value as string
  if (!key) return
  switch (source) {
    case 'creator': list.push(user('creator', directory, key)); return
    case 'incident_level': list.push(fromVocabulary('level_id', levels, key)); return
    case 'status': list.push(fromVocabulary('work_flow_status', statuses, key)); return
    // The live category registry names inserted categories too; without one, the presets.
    case 'incident_type': list.push(fromVocabulary('mtm_type', directory.categoryNames ?? types, key)); return
    case 'incident_source': list.push(fromVocabulary('source_id', sources, key))
  }
}

/** The display dictionary of a ticket (see ENUM_SOURCES). Empty values get no entry. */
export function deriveEnumDataList (record: IncidentRecord, directory: Directory): EnumDataItem[] {
  const list: EnumDataItem[] = []
  for (const source of ENUM_SOURCES) pushEntries(list, source, record[source], record.domain_id, directory)
  return list
}

/** The detail route's `data`: the record without its domain, with its enum list. */
export function toDetail (record: IncidentRecord, directory: Directory): IncidentDetail {
  const { domain_id: _domain, enum_data_list: verbatim, workflow: _workflow, ...fields } = record
  return { ...fields, enum_data_list: verbatim ?? deriveEnumDataList(record, directory) }
}

/** A ticket as the control plane shows it: the detail and the owning domain. */
export function adminTicketView (record: IncidentRecord, directory: Directory): IncidentDetail & { domain_id: string } {
  return { ...toDetail(record, directory), domain_id: record.domain_id }
}
