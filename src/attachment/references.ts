/** The workflow parameters that name uploaded attachments (ReOpen's and commitSolution's). */
const ATTACHMENT_PARAMS = ['attachments', 'resolve_attachments'] as const

/**
 * The attachment ids a workflow parameter names, or null when its shape names none. COC's pages
 * do not give the shape, so the ones clients plausibly send are taken: a list of ids, a list
 * of `{doc_id, doc_name}` (the upload's own answer), one such object, or a string holding ids
 * separated by commas or any of those as JSON (Terraform sends every parameter as a string).
 */
function docIdsOf (value: unknown): string[] | null {
  if (typeof value === 'string') {
    const text = value.trim()
    if (text.startsWith('[') || text.startsWith('{')) {
      try {
        return docIdsOf(JSON.parse(text))
      } catch {
        return null
      }
    }
    return text.split(',').map(id => id.trim()).filter(id => id !== '')
  }
  const items = Array.isArray(value) ? value : [value]
  const ids: string[] = []
  for (const item of items) {
    if (typeof item === 'string') ids.push(item)
    else if (typeof item === 'object' && item !== null && typeof (item as { doc_id?: unknown }).doc_id === 'string') ids.push((item as { doc_id: string }).doc_id)
    else return null
  }
  return ids
}

/**
 * "name: rule" for the first attachment parameter that names an id the domain has no upload
 * of, or whose shape names no ids; null when every one is fine.
 */
export function attachmentParamsError (params: Record<string, unknown>, missing: (docIds: readonly string[]) => string[]): string | null {
  for (const name of ATTACHMENT_PARAMS) {
    if (params[name] === undefined) continue
    const ids = docIdsOf(params[name])
    if (ids === null) return `${name}: must list attachment ids (doc_id strings, {doc_id, doc_name} objects, or ids separated by commas)`
    const unknown = missing(ids)
    if (unknown.length > 0) return `${name}: no attachment [${unknown.join(', ')}] exists; upload it first (POST /v1/external/incident/attachments)`
  }
  return null
}
