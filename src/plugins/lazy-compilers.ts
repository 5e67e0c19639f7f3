import type { FastifyInstance } from 'fastify'
import { lazyValidatorCompiler } from '../validation.js'

/**
 * For routes called rarely (the control plane): schemas are compiled on first use, and
 * responses are written with JSON.stringify.
 */
export function compileLazily (scope: FastifyInstance): void {
  scope.setValidatorCompiler(lazyValidatorCompiler())
  scope.setSerializerCompiler(() => data => JSON.stringify(data))
}
