import fastJson from 'fast-json-stringify'
import { Type } from '@sinclair/typebox'
import { success } from '../../errors.js'
import { EnumDataItem } from '../../schemas/incident.js'

const serializeList = fastJson(Type.Array(EnumDataItem))
const serializeItem = fastJson(EnumDataItem)

/** What the detail's serialiser writes before `data`: the success envelope's constant members. */
const ENVELOPE_HEAD = Buffer.from(JSON.stringify(success(null)).slice(0, -'null}'.length))
const LIST_OPEN = 0x5b
const COMMA = 0x2c
const LIST_CLOSE = 0x5d
const CLOSE = 0x7d

/**
 * The detail body as UTF-8 from the store's serialised `data` (its members before and after the
 * enum_data_list, see src/stores/detail-sql.ts) and the list's entries: runs of serialised items
 * (src/incident/detail-cache.ts keeps one for each stored value), an empty run standing for none.
 * Written straight into one buffer (`allocate`'s): joined as text first, the parts made a string
 * that had to be flattened, measured and encoded again.
 */
export function detailBytes (dataHead: string, dataTail: string, runs: readonly Buffer[], allocate: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
  const headLength = Buffer.byteLength(dataHead)
  const tailLength = Buffer.byteLength(dataTail)
  let length = ENVELOPE_HEAD.length + headLength + tailLength + 4
  let filled = 0
  for (const run of runs) {
    if (run.length === 0) continue
    length += run.length
    filled++
  }
  if (filled > 1) length += filled - 1
  const body = allocate(length)
  let at = ENVELOPE_HEAD.copy(body, 0)
  at += body.write(dataHead, at, headLength, 'utf8')
  body[at++] = LIST_OPEN
  let first = true
  for (const run of runs) {
    if (run.length === 0) continue
    if (!first) body[at++] = COMMA
    first = false
    at += run.copy(body, at)
  }
  body[at++] = LIST_CLOSE
  at += body.write(dataTail, at, tailLength, 'utf8')
  body[at++] = CLOSE
  body[at] = CLOSE
  return body
}

/** A list as given (a verbatim one may hold other members or another order): the serialiser's text. */
export function givenListText (list: readonly EnumDataItem[]): string {
  return serializeList(list)
}

/** Items as the serialiser writes them inside a list, without the brackets: a run for detailBytes. */
export function entriesText (list: readonly EnumDataItem[]): string {
  let text = ''
  for (let i = 0; i < list.length; i++) text += (i === 0 ? '' : ',') + serializeItem(list[i]!)
  return text
}
