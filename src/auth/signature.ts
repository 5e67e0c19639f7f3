import { createHmac, hash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * SDK-HMAC-SHA256, as the official SDKs sign a request (shared/spec/sdk-signing.md): the
 * canonical request, the string to sign and the signature, for the verifier and for tests.
 */
export const ALGORITHM = 'SDK-HMAC-SHA256'
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

export interface AuthorizationHeader {
  access: string
  signedHeaders: string[]
  signature: string
}

export function parseAuthorization (value: string): AuthorizationHeader | null {
  const match = AUTHORIZATION.exec(value.trim())
  if (match === null) return null
  return { access: match[1]!, signedHeaders: match[2]!.split(';'), signature: match[3]!.toLowerCase() }
}

/** `X-Sdk-Date` (`20260101T000000Z`) as epoch ms, or NaN. */
export function parseSdkDate (value: string): number {
  const m = SDK_DATE.exec(value)
  if (m === null) return NaN
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  // Date.UTC rolls 20260231 over to March: a date that does not exist is not a date.
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms : NaN
}

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
 * - `sent`: encodes the path as it was sent (`%20` becomes `%2520`), as sdk-signing.md says of the Node SDK;
 * - `decoded`: decodes each segment first, as the Python SDK does;
 * - `node-sdk`: what the Node SDK really signs for a path parameter it substituted: its URL
 *   parser escapes a space as `%20` but leaves non-ASCII characters as they are, while the
 *   wire carries both escaped. So escaped non-ASCII bytes are decoded, ASCII escapes kept.
 */
export type UriForm = 'sent' | 'decoded' | 'node-sdk'
export const URI_FORMS: readonly UriForm[] = ['sent', 'decoded', 'node-sdk']

const NON_ASCII_ESCAPES = /(?:%[89A-Fa-f][0-9A-Fa-f])+/g

function segmentAs (segment: string, form: UriForm): string {
  if (form === 'decoded') return decode(segment)
  if (form === 'node-sdk') return segment.replace(NON_ASCII_ESCAPES, decode)
  return segment
}

export function canonicalUri (path: string, form: UriForm): string {
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

export function hmacHex (secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('hex')
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
}

function headerValue (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value ?? ''
}

/** The string to sign, with the canonical URI in one of its forms. */
export function stringToSign (input: SigningInput, form: UriForm = 'sent'): string {
  const q = input.url.indexOf('?')
  const path = q === -1 ? input.url : input.url.slice(0, q)
  const query = q === -1 ? '' : input.url.slice(q + 1)
  const contentSha = input.headers['x-sdk-content-sha256']
  const payloadHash = typeof contentSha === 'string' && contentSha !== ''
    ? contentSha
    : input.body === undefined || input.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(input.body)
  const canonicalHeaders = input.signedHeaders.map(name => `${name}:${headerValue(input.headers, name)}\n`).join('')
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(path, form),
    canonicalQuery(query),
    canonicalHeaders,
    input.signedHeaders.join(';'),
    payloadHash
  ].join('\n')
  return `${ALGORITHM}\n${input.date}\n${sha256Hex(canonicalRequest)}`
}

export function sign (secret: string, input: SigningInput, form: UriForm = 'sent'): string {
  return hmacHex(secret, stringToSign(input, form))
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature (a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}
