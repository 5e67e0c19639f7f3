import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { PATTERN_RULES } from './schemas/common.js'

/**
 * Schema validation for every route and for workflow parameters: one Ajv setup, fastify's own
 * options (@fastify/ajv-compiler's defaults), so coercion and defaults are the same everywhere.
 *
 * Ajv's coercion turns the strings "Infinity", "-Infinity" and "1e400" into the number
 * Infinity and then skips `minimum`/`maximum`, which only look at finite numbers: an integer
 * field would accept them. Every compiled validator is therefore followed by a check that the
 * validated value holds no non-finite number, and names the field that did. Bodies are also
 * checked for strings with a lone UTF-16 surrogate (JSON's `"\ud800"`): SQLite stores text as
 * UTF-8, where it becomes U+FFFD, so the ticket read back would not be the one acknowledged.
 */
export function createAjv (): Ajv {
  return new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, addUsedSchema: false, allErrors: false, validateSchema: false })
}

export type Validator = ((data: unknown, context?: object) => boolean) & { errors?: ValidateFunction['errors'], schemaEnv?: unknown }

const NUMERIC = new Set(['integer', 'number'])

/** Whether a schema can produce a number anywhere (a `type` of integer or number, or a list holding one). */
export function allowsNumbers (schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false
  const type = (schema as { type?: unknown }).type
  if (typeof type === 'string' ? NUMERIC.has(type) : Array.isArray(type) && type.some(t => NUMERIC.has(t as string))) return true
  return Object.values(schema).some(allowsNumbers)
}

const LONE_SURROGATE = /\p{Cs}/u

interface BadValue { path: string, rule: string }

/**
 * The first non-finite number in `value` (and, with `strings`, the first string that is not
 * well-formed Unicode), as a JSON pointer and a rule; null when there is none. Iterative, so
 * depth costs no stack.
 */
export function badValue (value: unknown, strings = false): BadValue | null {
  const pending: Array<[unknown, string]> = [[value, '']]
  while (pending.length > 0) {
    const [item, path] = pending.pop()!
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return { path, rule: 'must be a finite number within its documented range' }
    } else if (typeof item === 'string') {
      if (strings && LONE_SURROGATE.test(item)) return { path, rule: 'must be well-formed Unicode (a lone UTF-16 surrogate cannot be stored)' }
    } else if (typeof item === 'object' && item !== null) {
      for (const key of Object.keys(item)) pending.push([(item as Record<string, unknown>)[key], `${path}/${key}`])
    }
  }
  return null
}

function valueError ({ path, rule }: BadValue): ErrorObject {
  return { instancePath: path, schemaPath: '', keyword: 'value', params: {}, message: rule }
}

/**
 * A compiled validator followed by the value check: numbers where the schema allows them,
 * strings too for a body (headers and paths arrive as Latin-1 or decoded UTF-8 and cannot
 * hold a lone surrogate).
 */
export function guardValues (compiled: Validator, schema: unknown, strings = false): Validator {
  if (!strings && !allowsNumbers(schema)) return compiled
  const validate: Validator = (data, context) => {
    const valid = compiled(data, context)
    if (!valid) {
      validate.errors = compiled.errors
      return false
    }
    const bad = badValue(data, strings)
    validate.errors = bad === null ? null : [valueError(bad)]
    return bad === null
  }
  // fastify passes the parent object to validators with a schemaEnv, so that a coerced root value sticks.
  if (compiled.schemaEnv !== undefined) validate.schemaEnv = compiled.schemaEnv
  return validate
}

/**
 * Validators already compiled, by schema object: for bodies (strings checked too) and for the
 * other parts. Every Ajv here has the same options, so a validator is the same function whichever
 * app compiled it, and a second emulator built in the same process (a test runner's next file, an
 * app built per test) compiles only what the first did not. Weak, so that a schema made per app
 * goes with its app.
 */
const compiledBodies = new WeakMap<object, Validator>()
const compiledParts = new WeakMap<object, Validator>()

/**
 * Compiles a schema with the shared options and the value check, once a process. `ajv` must be
 * one of createAjv(): a schema compiled before is answered from the cache whatever `ajv` is given.
 */
export function compileSchema (ajv: Ajv, schema: object, httpPart?: string): Validator {
  const strings = httpPart === undefined || httpPart === 'body'
  const compiled = strings ? compiledBodies : compiledParts
  let validate = compiled.get(schema)
  if (validate === undefined) {
    validate = guardValues(ajv.compile(schema) as Validator, schema, strings)
    compiled.set(schema, validate)
  }
  return validate
}

/** fastify's validator compiler for the COC routes: compiled at start-up, one Ajv for the app. */
export function validatorCompiler (ajv: Ajv = createAjv()): FastifySchemaCompiler<object> {
  return ({ schema, httpPart }) => compileSchema(ajv, schema, httpPart)
}

/**
 * For routes called rarely (the control plane): compiled on first use instead of at start-up
 * (compiling them all at start-up cost about 80 ms). Their schemas still describe the routes in
 * the OpenAPI document.
 */
export function lazyValidatorCompiler (ajv: Ajv = createAjv()): FastifySchemaCompiler<object> {
  return ({ schema, httpPart }) => {
    let compiled: Validator | undefined
    const validate: Validator = (data, context) => {
      compiled ??= compileSchema(ajv, schema, httpPart)
      const valid = compiled(data, context)
      validate.errors = compiled.errors
      return valid
    }
    return validate
  }
}

/** A validation error as Ajv and fastify report it. */
type SchemaError = Pick<ErrorObject, 'instancePath' | 'keyword' | 'params' | 'message'> & Partial<Pick<ErrorObject, 'schemaPath'>>

/** `/incident_assignee/0` → `incident_assignee[0]`. */
function fieldName (error: SchemaError, context: string | undefined): string {
  const parts = error.instancePath.split('/').slice(1)
  if (error.keyword === 'required') parts.push(String(error.params.missingProperty))
  const path = parts.reduce((text, part) => /^\d+$/.test(part) ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`, '')
  return path === '' ? (context === 'body' ? 'request body' : String(context)) : path
}

function ruleText (error: SchemaError): string {
  if (error.keyword === 'pattern') return PATTERN_RULES[String(error.params.pattern)] ?? String(error.message)
  if (error.keyword === 'required') return 'is required'
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
  return String(error.message)
}

export function validationMessage (errors: SchemaError[], context: string | undefined): string {
  return errors.map(error => `${fieldName(error, context)}: ${ruleText(error)}`).join('; ')
}
