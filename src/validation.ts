import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'

/**
 * Schema validation for every route and for workflow parameters: one Ajv setup, fastify's own
 * options (@fastify/ajv-compiler's defaults), so coercion and defaults are the same everywhere.
 *
 * Ajv's coercion turns the strings "Infinity", "-Infinity" and "1e400" into the number
 * Infinity and then skips `minimum`/`maximum`, which only look at finite numbers: an integer
 * field would accept them. Every compiled validator is therefore followed by a check that the
 * validated value holds no non-finite number, and names the field that did.
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

/** The JSON pointer of the first non-finite number in `value`, or null; iterative, so depth costs no stack. */
export function nonFinitePath (value: unknown): string | null {
  const pending: Array<[unknown, string]> = [[value, '']]
  while (pending.length > 0) {
    const [item, path] = pending.pop()!
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return path
    } else if (typeof item === 'object' && item !== null) {
      for (const key of Object.keys(item)) pending.push([(item as Record<string, unknown>)[key], `${path}/${key}`])
    }
  }
  return null
}

function nonFiniteError (instancePath: string): ErrorObject {
  return { instancePath, schemaPath: '', keyword: 'finite', params: {}, message: 'must be a finite number within its documented range' }
}

/** A compiled validator followed by the finite-number check (only where the schema allows numbers). */
export function guardNumbers (compiled: Validator, schema: unknown): Validator {
  if (!allowsNumbers(schema)) return compiled
  const validate: Validator = (data, context) => {
    const valid = compiled(data, context)
    if (!valid) {
      validate.errors = compiled.errors
      return false
    }
    const bad = nonFinitePath(data)
    validate.errors = bad === null ? null : [nonFiniteError(bad)]
    return bad === null
  }
  // fastify passes the parent object to validators with a schemaEnv, so that a coerced root value sticks.
  if (compiled.schemaEnv !== undefined) validate.schemaEnv = compiled.schemaEnv
  return validate
}

/** Compiles a schema with the shared options and the finite-number check. */
export function compileSchema (ajv: Ajv, schema: object): Validator {
  return guardNumbers(ajv.compile(schema) as Validator, schema)
}

/** fastify's validator compiler for the COC routes: compiled at start-up, one Ajv for the app. */
export function validatorCompiler (ajv: Ajv = createAjv()): FastifySchemaCompiler<object> {
  return ({ schema }) => compileSchema(ajv, schema)
}

/**
 * For routes called rarely (the control plane): compiled on first use instead of at start-up
 * (compiling them all at start-up cost about 80 ms). Their schemas still describe the routes in
 * the OpenAPI document.
 */
export function lazyValidatorCompiler (ajv: Ajv = createAjv()): FastifySchemaCompiler<object> {
  return ({ schema }) => {
    let compiled: Validator | undefined
    const validate: Validator = (data, context) => {
      compiled ??= compileSchema(ajv, schema)
      const valid = compiled(data, context)
      validate.errors = compiled.errors
      return valid
    }
    return validate
  }
}
