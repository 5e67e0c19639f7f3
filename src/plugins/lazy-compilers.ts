import { Ajv, type ValidateFunction } from 'ajv'
import type { FastifyInstance } from 'fastify'

// fastify's own ajv options (@fastify/ajv-compiler), so that coercion and defaults are the same.
const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, addUsedSchema: false, allErrors: false, validateSchema: false })

type LazyValidator = ((data: unknown) => boolean) & { errors?: ValidateFunction['errors'] }

/**
 * For routes called rarely (the control plane): schemas are compiled on first use instead of
 * at start-up, and responses are written with JSON.stringify. Their schemas still describe the
 * routes in the OpenAPI document; compiling them all at start-up cost about 80 ms.
 */
export function compileLazily (scope: FastifyInstance): void {
  scope.setValidatorCompiler(({ schema }) => {
    let compiled: ValidateFunction | undefined
    const validate: LazyValidator = data => {
      compiled ??= ajv.compile(schema)
      const valid = compiled(data)
      validate.errors = compiled.errors
      return valid
    }
    return validate
  })
  scope.setSerializerCompiler(() => data => JSON.stringify(data))
}
