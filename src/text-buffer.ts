/**
 * A Buffer with its own string writes typed: `utf8Write` and `latin1Write`, which every Buffer has
 * (Node's `buf.write(string, offset, length, encoding)` calls them after checking its arguments).
 * They are not in Node's types; called directly, they skip the argument handling, which cost as
 * much as the copy on the hot paths that use them (the request journal, the log batch, HMAC).
 * Each returns the number of bytes written.
 */
export type TextBuffer = Buffer & {
  utf8Write (text: string, offset: number, length?: number): number
  latin1Write (text: string, offset: number, length?: number): number
}

/** UTF-8 takes at most 3 bytes for each UTF-16 unit of a string (4 for a surrogate pair). */
export const MAX_UTF8_PER_UNIT = 3
