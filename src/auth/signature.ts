import { createHmac, hash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { remembered } from '../bounded-memo.js'
import { MAX_UTF8_PER_UNIT, type TextBuffer } from '../text-buffer.js'

/**
 * SDK-HMAC-SHA256, as the official SDKs sign a request (Huawei Cloud's "API Signing Guide", SDK-HMAC-SHA256): the
 * canonical request, the string to sign and the signature, for the verifier and for tests.
 */
const ALGORITHM = 'SDK-HMAC-SHA256'
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

export interface AuthorizationHeader {
  access: string
  signedHeaders: readonly string[]
  signature: string
}

// A client signs the same few lists of headers every time: each list is split once, and its
// names, the same strings each time, are cheap keys to look the headers up by.
const signedHeaderLists = new Map<string, readonly string[]>()
const MAX_SIGNED_HEADER_LISTS = 64

const splitList = (list: string): readonly string[] => Object.freeze(list.split(';'))
const signedHeaderList = (list: string): readonly string[] => remembered(signedHeaderLists, list, MAX_SIGNED_HEADER_LISTS, splitList)

export function parseAuthorization (value: string): AuthorizationHeader | null {
  const match = AUTHORIZATION.exec(value.trim())
  if (match === null) return null
  return { access: match[1]!, signedHeaders: signedHeaderList(match[2]!), signature: match[3]!.toLowerCase() }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysIn (year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!
}

/**
 * `X-Sdk-Date` (`20260101T000000Z`) as epoch ms, or NaN. Strict: every field must be in its
 * range (no second 60, month 13 or February 30th), where Date.UTC would roll it over into a
 * later time that was never signed.
 */
export function parseSdkDate (value: string): number {
  // Requests signed in the same second carry the same date: the last one parsed is kept.
  if (value === lastDate.value) return lastDate.ms
  const m = SDK_DATE.exec(value)
  if (m === null) return NaN
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = Number(m[6])
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return NaN
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  const ms = date.setUTCHours(hour, minute, second, 0)
  lastDate = { value, ms }
  return ms
}
let lastDate = { value: '', ms: NaN }

/** Percent-encodes everything but A-Z a-z 0-9 - . _ ~ (UTF-8, upper-case hex). */
export function encode (text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

function decode (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * How a client turned the path into its canonical URI:
 * - `sent`: encodes the path as it was sent (`%20` becomes `%2520`), as the Node SDK documents;
 * - `decoded`: decodes each segment first, as the Python SDK does;
 * - `node-sdk`: what the Node SDK really signs for a path parameter it substituted: its URL
 *   parser escapes a space as `%20` but leaves non-ASCII characters as they are, while the
 *   wire carries both escaped. So escaped non-ASCII bytes are decoded, ASCII escapes kept.
 */
type UriForm = 'sent' | 'decoded' | 'node-sdk'
export const URI_FORMS: readonly UriForm[] = ['sent', 'decoded', 'node-sdk']

const NON_ASCII_ESCAPES = /(?:%[89A-Fa-f][0-9A-Fa-f])+/g

function segmentAs (segment: string, form: UriForm): string {
  if (form === 'decoded') return decode(segment)
  if (form === 'node-sdk') return segment.replace(NON_ASCII_ESCAPES, decode)
  return segment
}

// A path of unreserved characters and slashes is its own canonical URI, in every form.
const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/

export function canonicalUri (path: string, form: UriForm): string {
  if (UNRESERVED_PATH.test(path)) return path.endsWith('/') ? path : path + '/'
  const uri = path.split('/').map(segment => encode(segmentAs(segment, form))).join('/')
  return uri.endsWith('/') ? uri : uri + '/'
}

/** Decoded keys sorted, a repeated key's values sorted, each pair re-encoded; '' for no query. */
export function canonicalQuery (query: string): string {
  if (query === '') return ''
  const pairs = new Map<string, string[]>()
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decode(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? '' : decode(part.slice(eq + 1))
    pairs.set(key, [...(pairs.get(key) ?? []), value])
  }
  return [...pairs.keys()].sort().flatMap(key => pairs.get(key)!.sort().map(value => `${encode(key)}=${encode(value)}`)).join('&')
}

// The one-shot hash is twice as fast as createHash().update().digest() on short inputs.
export function sha256Hex (data: string | Buffer): string {
  return hash('sha256', data, 'hex')
}

const BLOCK = 64
const DIGEST = 32
// The inner hash's input: the key's inner pad, then the message (a string to sign is about 100 bytes).
const INNER_ROOM = 1024

/**
 * A secret's two HMAC pads (RFC 2104), each in front of the room its hash input needs, and the
 * view of the inner input last hashed (strings to sign have one length, for a given date form).
 */
interface HmacPads { inner: TextBuffer, outer: TextBuffer, view: Buffer }
const padsBySecret = new Map<string, HmacPads>()
const MAX_SECRETS = 64

function padsFor (secret: string): HmacPads {
  let key = Buffer.from(secret, 'utf8')
  if (key.length > BLOCK) key = hash('sha256', key, 'buffer')
  const inner = Buffer.alloc(BLOCK + INNER_ROOM) as TextBuffer
  const outer = Buffer.alloc(BLOCK + DIGEST) as TextBuffer
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36
    outer[i] = (key[i] ?? 0) ^ 0x5c
  }
  return { inner, outer, view: inner.subarray(0, BLOCK) }
}

/**
 * HMAC-SHA256 as hex: SHA-256 of the outer pad and the SHA-256 of the inner pad and the message
 * (RFC 2104), with the pads worked out once per secret. Two one-shot hashes cost half of what
 * `createHmac` does, which sets up an HMAC context and an object for every signature
 * (docs/benchmarks.md). A message too long for the pads' room takes `createHmac`.
 */
export function hmacHex (secret: string, data: string): string {
  if (data.length * MAX_UTF8_PER_UNIT > INNER_ROOM) return createHmac('sha256', secret).update(data).digest('hex')
  const pads = remembered(padsBySecret, secret, MAX_SECRETS, padsFor)
  const length = BLOCK + pads.inner.utf8Write(data, BLOCK)
  if (pads.view.length !== length) pads.view = pads.inner.subarray(0, length)
  // The inner digest as latin1 ('binary'): one character a byte, and cheaper to get than a Buffer.
  pads.outer.latin1Write(hash('sha256', pads.view, 'binary'), BLOCK)
  return hash('sha256', pads.outer, 'hex')
}

export interface SigningInput {
  method: string
  /** The path and query as sent, still percent-encoded. */
  url: string
  headers: IncomingHttpHeaders
  signedHeaders: readonly string[]
  /** The raw body bytes; absent or empty for none. */
  body?: Buffer | string | undefined
  date: string
  /** The payload hash, when it was worked out already (see payloadHash). */
  payloadHash?: string | undefined
}

function headerValue (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value ?? ''
}

/**
 * The hash the canonical request ends with. X-Sdk-Content-Sha256 is not a signed header, so
 * what it claims is checked: only the literal UNSIGNED-PAYLOAD leaves the body out of the
 * signature; any other value must be the body's own SHA-256 (the signing guide's step on the payload hash), or a
 * captured request could carry another body. The value is used as sent, as the SDK signs it.
 * Null when the header claims a hash the body does not have.
 */
export function payloadHash (headers: IncomingHttpHeaders, body: Buffer | string | undefined): string | null {
  const sent = headers['x-sdk-content-sha256']
  if (sent === UNSIGNED_PAYLOAD) return sent
  const own = body === undefined || body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body)
  if (typeof sent !== 'string' || sent === '') return own
  return sent.toLowerCase() === own ? sent : null
}

/** The string to sign, with the canonical URI in one of its forms. */
export function stringToSign (input: SigningInput, form: UriForm = 'sent'): string {
  const q = input.url.indexOf('?')
  const path = q === -1 ? input.url : input.url.slice(0, q)
  const query = q === -1 ? '' : input.url.slice(q + 1)
  const hash = input.payloadHash ?? payloadHash(input.headers, input.body)
  if (hash === null) throw new RangeError('X-Sdk-Content-Sha256: not the SHA-256 of the body')
  // Method, URI, query, a line per signed header, the signed headers' names, the payload's hash.
  let canonicalRequest = input.method.toUpperCase() + '\n' + canonicalUri(path, form) + '\n' + canonicalQuery(query) + '\n'
  let names = ''
  for (let i = 0; i < input.signedHeaders.length; i++) {
    const name = input.signedHeaders[i]!
    canonicalRequest += name + ':' + headerValue(input.headers, name) + '\n'
    names += i === 0 ? name : ';' + name
  }
  canonicalRequest += '\n' + names + '\n' + hash
  return `${ALGORITHM}\n${input.date}\n${sha256Hex(canonicalRequest)}`
}

export function sign (secret: string, input: SigningInput, form: UriForm = 'sent'): string {
  return hmacHex(secret, stringToSign(input, form))
}

/**
 * Whether two hex signatures are the same, in a time that does not depend on where they differ:
 * every character is compared. (timingSafeEqual would need both as buffers first.)
 */
export function sameSignature (a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}
