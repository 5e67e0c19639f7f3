import fastJson from 'fast-json-stringify'
import { Type } from '@sinclair/typebox'
import { success } from '../../errors.js'
import { EnumDataItem } from '../../schemas/incident.js'

const serializeList = fastJson(Type.Array(EnumDataItem))
const serializeItem = fastJson(EnumDataItem)

/** What the detail's serialiser writes before `data`: the success envelope's constant members. */
const ENVELOPE_HEAD = JSON.stringify(success(null)).slice(0, -'null}'.length)

/**
 * The detail body from the store's serialised `data` (its members before and after the
 * enum_data_list, see src/stores/detail-sql.ts) and the list's text.
 */
export function detailBody (dataHead: string, listText: string, dataTail: string): string {
  return ENVELOPE_HEAD + dataHead + listText + dataTail + '}}'
}

/** A list as given (a verbatim one may hold other members or another order): the serialiser's text. */
export function givenListText (list: readonly EnumDataItem[]): string {
  return serializeList(list)
}

/**
 * Serialised items by their four members: tickets show the same few users, levels and statuses,
 * and escaping their names again took a third of a first read's time. Bounded by clearing.
 */
const items = new Map<string, string>()
const MAX_ITEMS = 10_000

/** A derived list (four string members each), byte for byte what the detail's serialiser writes for it. */
export function listText (list: readonly EnumDataItem[]): string {
  let text = '['
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!
    const key = item.filed_key + '\u0000' + item.enum_key + '\u0000' + item.name_zh + '\u0000' + item.name_en
    let itemText = items.get(key)
    if (itemText === undefined) {
      const fresh = serializeItem(item) as string
      if (items.size >= MAX_ITEMS) items.clear()
      items.set(key, fresh)
      itemText = fresh
    }
    text += i === 0 ? itemText : ',' + itemText
  }
  return text + ']'
}
