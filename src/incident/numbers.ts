/**
 * COC ticket numbers: a prefix, the creation instant written in China time (UTC+8) as
 * yyyyMMddHHmmss, then 10 digits (the seed document's IM202403181322030178042608 was created
 * at 1710739323172 = 2024-03-18 13:22:03 UTC+8).
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

export function chinaTimestamp (epochMs: number): string {
  const d = new Date(epochMs + CHINA_OFFSET_MS)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) +
    pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds())
}

export const SUFFIX_SPACE = 10_000_000_000

function ticketNumber (prefix: string, epochMs: number, suffix: number): string {
  if (!Number.isInteger(suffix) || suffix < 0 || suffix >= SUFFIX_SPACE) {
    throw new RangeError(`suffix must be an integer in [0, ${SUFFIX_SPACE}): ${suffix}`)
  }
  return prefix + chinaTimestamp(epochMs) + String(suffix).padStart(10, '0')
}

export function incidentNumber (createTime: number, suffix: number): string {
  return ticketNumber('IM', createTime, suffix)
}

export function warroomId (startTime: number, suffix: number): string {
  return ticketNumber('WR', startTime, suffix)
}

/** An alarm id: numbered as tickets are, under its own prefix. */
export function alarmId (createTime: number, suffix: number): string {
  return ticketNumber('AL', createTime, suffix)
}

/** The instant a war room number was written at (warroomId's inverse), undefined for anything else. */
export function warRoomTime (warRoomNum: string): number | undefined {
  const match = /^WR(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{10}$/.exec(warRoomNum)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS
}

export const INCIDENT_NUM_PATTERN = /^IM\d{24}$/
