import fc, { type Arbitrary } from 'fast-check'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { PROVIDER_CODE, SUCCESS_CODE } from '../../../src/schemas/common.js'
import {
  breaking, deepValue, hostileNumber, hostileText, positions, protoName, Raw, setAt, toJson, valid, type Hints, type Path
} from './arbitraries.js'

/**
 * The property every route must keep, whatever it is sent: the answer comes (within a bound),
 * it is a COC envelope, its status is 2xx or 4xx, and a 2xx write reads back.
 *
 * `npm test` runs a few cases per route and family from a fixed seed; `npm run fuzz` runs
 * FUZZ_RUNS (default 5,000) from a random seed it prints. FUZZ_SEED replays a run.
 */
const LONG = process.env.npm_lifecycle_event === 'fuzz'
const envNumber = (name: string): number | undefined => {
  const text = process.env[name]
  return text === undefined || text === '' ? undefined : Number(text)
}
export const RUNS = envNumber('FUZZ_RUNS') ?? (LONG ? 5_000 : 30)
export const SEED = envNumber('FUZZ_SEED') ?? (LONG ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : 20_240_318)
/** A request not answered by then counts as a hang. */
export const ANSWER_WITHIN_MS = envNumber('FUZZ_ANSWER_MS') ?? 10_000

export const TOKEN = 'dev-token'

/** One part of a request and the schema it was generated from (null: the route has none). */
export interface Part { value: unknown, schema: TSchema | null }

export interface Case {
  params: Part
  query: Part
  body: Part
  /** Transport: what the client puts on the wire instead of the JSON body. */
  wire?: { method?: string, contentType?: string | null, payload?: string }
}

export interface Context {
  app: FastifyInstance
  /** Tickets of coc-dev-domain at the start, for hints. */
  nums: string[]
}

export interface Injected {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

export interface RouteSpec {
  name: string
  method: string
  path: string
  coc: boolean
  /** 2xx answers are another service's bare objects (IAM's), not the COC envelope; errors still are. */
  bare?: boolean
  params?: TSchema
  query?: TSchema
  body?: TSchema
  hints?: (ctx: Context) => Hints
  /** Valid cases, when the schemas alone do not say enough (a handle's parameters). */
  valid?: (ctx: Context) => Arbitrary<Case>
  /** Resolves what only the running emulator knows (a ticket's current task id). */
  prepare?: (ctx: Context, request: Injected) => Promise<Injected>
  /** Checks a 2xx answer reads back; returns a problem or null. */
  readBack?: (ctx: Context, request: Injected, answer: LightMyRequestResponse, before: unknown) => Promise<string | null>
  /** What readBack compares with, taken before the request. */
  snapshot?: (ctx: Context, request: Injected) => Promise<unknown>
  /** Puts the emulator back after the case (faults and the clock affect every later request). */
  cleanup?: (ctx: Context) => Promise<void>
}

export type Family = 'valid' | 'invalid' | 'numbers' | 'proto' | 'text' | 'depth' | 'transport'
export const FAMILIES: readonly Family[] = ['valid', 'invalid', 'numbers', 'proto', 'text', 'depth', 'transport']

/** A request that does not answer in time rejects instead of hanging the run. */
export async function send (app: FastifyInstance, request: Injected): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms (a hang)`)), ANSWER_WITHIN_MS)
  })
  try {
    return await Promise.race([app.inject(request), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** What is wrong with an answer under the property, or null. */
export function envelopeProblem (answer: LightMyRequestResponse, bare = false): string | null {
  const status = answer.statusCode
  if (!((status >= 200 && status < 300) || (status >= 400 && status < 500))) return `status ${status} is neither 2xx nor 4xx`
  if (answer.headers['x-request-id'] === undefined) return 'no X-Request-Id header'
  if (!String(answer.headers['content-type']).startsWith('application/json')) return `content-type ${String(answer.headers['content-type'])}`
  let body: Record<string, unknown>
  try {
    body = JSON.parse(answer.body)
  } catch {
    return 'the body is not JSON'
  }
  if (bare && status < 300) return typeof body === 'object' && body !== null ? null : '2xx whose body is not an object'
  if (typeof body !== 'object' || body === null || body.provider_code !== PROVIDER_CODE) return 'no COC envelope (provider_code)'
  if (status < 300) return body.error_code === SUCCESS_CODE ? null : `2xx with error_code ${String(body.error_code)}`
  if (typeof body.error_code !== 'string' || body.error_code === SUCCESS_CODE) return `4xx with error_code ${String(body.error_code)}`
  if (typeof body.error_msg !== 'string' || body.error_msg === '') return '4xx without an error_msg'
  return body.data === null ? null : '4xx whose data is not null'
}

/**
 * A path segment as a client encodes it. A lone surrogate, which encodeURIComponent refuses, is
 * sent as the three bytes a lenient encoder (WTF-8) writes for it.
 */
export function encodePath (text: string): string {
  return [...text].map(unit => {
    if (!/^[\ud800-\udfff]$/.test(unit)) return encodeURIComponent(unit)
    const c = unit.charCodeAt(0)
    return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map(b => `%${b.toString(16).toUpperCase()}`).join('')
  }).join('')
}

/** The inverse of encodePath, as far as a number needs it; undecodable text stays as it is. */
export function decodePath (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function scalar (value: unknown): string {
  if (value instanceof Raw) return value.text
  if (typeof value === 'string') return value
  return typeof value === 'object' && value !== null ? toJson(value) : String(value)
}

/** The request a case stands for. */
export function render (spec: RouteSpec, c: Case): Injected {
  const params = (c.params.value ?? {}) as Record<string, unknown>
  const url = spec.path.replace(/:(\w+)/g, (_m, key: string) => Object.hasOwn(params, key) && params[key] !== undefined ? encodePath(scalar(params[key])) : '')
  const search = new URLSearchParams()
  const query = c.query.value
  if (typeof query === 'object' && query !== null) {
    for (const key of Object.keys(query)) {
      const value = (query as Record<string, unknown>)[key]
      if (value !== undefined) search.append(key, scalar(value))
    }
  }
  const text = search.toString()
  const headers: Record<string, string> = spec.coc ? { 'x-auth-token': TOKEN } : {}
  const request: Injected = { method: c.wire?.method ?? spec.method, url: text === '' ? url : `${url}?${text}`, headers }
  if (c.wire !== undefined) {
    if (c.wire.contentType !== null && c.wire.contentType !== undefined) headers['content-type'] = c.wire.contentType
    if (c.wire.payload !== undefined) request.payload = c.wire.payload
  } else if (c.body.value !== undefined) {
    headers['content-type'] = 'application/json'
    request.payload = toJson(c.body.value)
  }
  return request
}

/** A short, replayable description of a request and its answer for failure messages. */
export function describe (request: Injected, answer?: LightMyRequestResponse): string {
  const cut = (text: string) => text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text
  const sent = `${request.method} ${cut(request.url)} headers=${JSON.stringify(request.headers)}${request.payload === undefined ? '' : ` body=${cut(request.payload)}`}`
  return answer === undefined ? sent : `${sent}\n  → ${answer.statusCode} ${cut(answer.body)}`
}

function schemaCase (spec: RouteSpec, ctx: Context): Arbitrary<Case> {
  const hints = spec.hints?.(ctx) ?? {}
  const part = (schema: TSchema | undefined): Arbitrary<Part> =>
    schema === undefined ? fc.constant({ value: undefined, schema: null }) : valid(schema, hints).map(value => ({ value, schema }))
  return fc.record({ params: part(spec.params), query: part(spec.query), body: part(spec.body) })
}

type PartName = 'params' | 'query' | 'body'
const PARTS: readonly PartName[] = ['params', 'query', 'body']

interface Place { part: PartName, path: Path, type: string | undefined, present: boolean, required: boolean, shape: Parameters<typeof breaking>[0] }

function places (c: Case): Place[] {
  return PARTS.flatMap(part => {
    const { value, schema } = c[part]
    if (schema === null) return []
    const found = positions(schema, value)
    return found.map(position => {
      const parentPath = position.path.slice(0, -1)
      const parent = found.find(p => p.path.length === parentPath.length && p.path.every((k, i) => k === parentPath[i]))
      const key = position.path.at(-1)
      const required = typeof key === 'string' && (parent?.shape.required ?? []).includes(key)
      const type = Array.isArray(position.shape.type) ? position.shape.type[0] : position.shape.type
      return { part, path: position.path, type, present: position.present, required, shape: position.shape }
    })
  })
}

function replaceAt (c: Case, place: Place, value: unknown): Case {
  return { ...c, [place.part]: { ...c[place.part], value: setAt(c[place.part].value, place.path, value) } }
}

/** Adds a member named `key` to the object at `place`. */
function addKey (c: Case, place: Place, key: string, value: unknown): Case {
  return replaceAt(c, place, setAt(place.path.reduce<unknown>((at, k) => (at as Record<string | number, unknown>)?.[k], c[place.part].value) ?? {}, [key], value))
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=UTF-16',
  'application/json; charset=latin1', 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/octet-stream', 'application/merge-patch+json', 'application/json, text/plain', 'application/vnd.api+json', '', '*/*', ';', 'application/json; x=' + 'y'.repeat(500)]
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** The cases of one family for a route, or null where the family has nowhere to act. */
export function familyCases (spec: RouteSpec, ctx: Context, family: Family): Arbitrary<Case> | null {
  const base = spec.valid?.(ctx) ?? schemaCase(spec, ctx)
  const at = (filter: (place: Place) => boolean, value: (place: Place) => Arbitrary<unknown>): Arbitrary<Case> | null => {
    // Whether a family applies is decided on one sample; the cases themselves come from the chain.
    const probe = fc.sample(base, { numRuns: 20, seed: SEED })
    if (!probe.some(c => places(c).some(filter))) return null
    return base.filter(c => places(c).some(filter)).chain(c => {
      const candidates = places(c).filter(filter)
      return fc.constantFrom(...candidates).chain(place => value(place).map(v => replaceAt(c, place, v)))
    })
  }
  const inBody = (place: Place) => place.part === 'body'
  const leaf = (place: Place) => place.path.length > 0
  switch (family) {
    case 'valid': return base
    case 'invalid': return at(place => leaf(place) || place.part === 'body', place => breaking(place.shape, place.required && place.present))
    case 'numbers': return at(place => leaf(place) && (place.type === 'integer' || place.type === 'number'), () => hostileNumber)
    case 'text': return at(place => leaf(place) && place.type === 'string', () => hostileText)
    case 'depth': {
      if (spec.body === undefined && spec.valid === undefined) {
        return fc.tuple(base, deepValue).map(([c, deep]) => ({ ...c, body: { value: deep, schema: null } }))
      }
      return at(inBody, () => deepValue)
    }
    case 'proto': {
      const asValue = at(place => leaf(place) && place.type === 'string', () => protoName)
      const objects = (c: Case) => places(c).filter(place => place.type === 'object' && (place.present || place.path.length === 0))
      if (!fc.sample(base, { numRuns: 20, seed: SEED }).some(c => objects(c).length > 0)) return asValue
      const asKey = base.filter(c => objects(c).length > 0).chain(c => fc.tuple(fc.constantFrom(...objects(c)), protoName,
        fc.constantFrom<unknown>(1, 'x', {}, null, true, [], 'toString', { toString: 1 })).map(([place, key, value]) => addKey(c, place, key, value)))
      return asValue === null ? asKey : fc.oneof(asValue, asKey)
    }
    case 'transport': {
      const payload = (c: Case) => fc.constantFrom('', ' ', '\n', 'null', '[]', '""', '0', '{', '{}', 'not json', '\ufeff{}',
        c.body.value === undefined ? '{}' : toJson(c.body.value), '{"a":1}{"b":2}', '{"a":1,"a":2}', '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{"x":1}}}')
      return base.chain(c => fc.record({
        method: fc.oneof({ weight: 4, arbitrary: fc.constant(spec.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        contentType: fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.constant(null)),
        payload: fc.option(payload(c), { nil: undefined })
      }).map(wire => ({ ...c, wire })))
    }
  }
}

/** Runs one case: the request, the property on its answer, then the route's read-back. */
export async function runCase (spec: RouteSpec, ctx: Context, c: Case): Promise<void> {
  let request = render(spec, c)
  // Each case starts from an empty journal, so that a failure, and its shrunk form, is the case's own.
  if (spec.coc) await send(ctx.app, { method: 'DELETE', url: '/__admin/requests', headers: {} })
  try {
    if (spec.prepare !== undefined) request = await spec.prepare(ctx, request)
    const before = await spec.snapshot?.(ctx, request)
    const answer = await send(ctx.app, request)
    const problem = envelopeProblem(answer, spec.bare)
    if (problem !== null) throw new Error(`${problem}\n  ${describe(request, answer)}`)
    // Whatever a COC request sent, the journal that shows it must still answer (control-plane calls are not journaled).
    const journal = spec.coc ? await send(ctx.app, { method: 'GET', url: '/__admin/requests?limit=3', headers: {} }) : null
    if (journal !== null && journal.statusCode !== 200) throw new Error(`GET /__admin/requests answered ${journal.statusCode} after\n  ${describe(request, answer)}\n  journal: ${journal.body.slice(0, 300)}`)
    if (answer.statusCode < 300 && spec.readBack !== undefined && request.method === spec.method) {
      const failed = await spec.readBack(ctx, request, answer, before)
      if (failed !== null) throw new Error(`read-back: ${failed}\n  ${describe(request, answer)}`)
    }
  } finally {
    await spec.cleanup?.(ctx)
  }
}

/** Known failing classes (issue 10): route and family → the class. Marked todo, still run. */
export type Known = Readonly<Record<string, string>>

/** One tap subtest per family: the property over `RUNS` cases, the shrunk counterexample reported. */
export async function checkRoute (t: Test, spec: RouteSpec, ctx: Context, known: Known): Promise<void> {
  for (const family of FAMILIES) {
    const cases = familyCases(spec, ctx, family)
    if (cases === null) continue
    const name = `${spec.name} ${family}`
    const todo = Object.hasOwn(known, name) ? known[name] : undefined
    await t.test(name, todo === undefined ? {} : { todo }, async t => {
      // A known failure is reported as found in the short run; the long run shrinks it to a minimal case.
      const out = await fc.check(fc.asyncProperty(cases, c => runCase(spec, ctx, c)), { numRuns: RUNS, seed: SEED, endOnFailure: todo !== undefined && !LONG })
      if (out.failed) {
        const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)
        t.fail(`${name}: ${error}\n  replay: FUZZ_SEED=${out.seed} (path ${out.counterexamplePath ?? ''}), after ${out.numRuns} runs and ${out.numShrinks} shrinks`)
      } else {
        t.pass(`${name}: ${out.numRuns} cases kept the property`)
      }
    })
  }
}
