import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify'
import { CocError } from '../errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's bytes as received: signatures hash them. */
    rawBody: Buffer | undefined
  }
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. COC's bodies nest four levels at
 * most (a list filter's values); thousands of levels would overflow recursive code later on
 * (serialisers, the journal), after a write had been committed.
 */
export const MAX_JSON_DEPTH = 32

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/** The nesting depth of a JSON text, read byte by byte (strings skipped) before it is parsed. */
export function jsonDepth (bytes: Uint8Array, stopAbove = Infinity): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    if (inString) {
      if (byte === BACKSLASH) i++
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) {
      inString = true
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > deepest) {
        deepest = depth
        if (deepest > stopAbove) return deepest
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--
    }
  }
  return deepest
}

/** Whether a route's body can be left out: an object whose members are optional or have defaults. */
export function bodyIsOptional (schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false
  const { type, required = [], properties = {} } = schema as { type?: unknown, required?: string[], properties?: Record<string, { default?: unknown }> }
  return type === 'object' && required.every(name => Object.hasOwn(properties, name) && properties[name]!.default !== undefined)
}

function emptyObjectBody (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  request.body ??= {}
  done()
}

function requiredBody (required: readonly string[]) {
  const error = new CocError('validation', `request body: is required${required.length > 0 ? ` (with ${required.join(', ')})` : ''}`)
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    done(request.body === undefined || request.body === null ? error : undefined)
  }
}

/**
 * JSON bodies: fastify's own parser (and its refusals of `__proto__` and bad JSON), keeping
 * the bytes a signature was made over. An empty body counts as no body, whatever the
 * Content-Type says: the Go SDK sends exactly that for list calls whose body is optional, and
 * many clients set the header on every request. A route whose body members are all optional
 * then reads `{}`; a route that requires members says which.
 */
export function installJsonBody (app: FastifyInstance): void {
  app.decorateRequest('rawBody', undefined)
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer
    if (bytes.length === 0) {
      done(null, undefined)
      return
    }
    if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(new CocError('validation', `request body: nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`), undefined)
      return
    }
    request.rawBody = bytes
    parseJson(request, bytes as unknown as string, done)
  })
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema?.body as { required?: string[] } | undefined
    if (schema === undefined) return
    const hooks = route.preValidation === undefined ? [] : [route.preValidation].flat()
    route.preValidation = [...hooks, bodyIsOptional(schema) ? emptyObjectBody : requiredBody(schema.required ?? [])]
  })
}
