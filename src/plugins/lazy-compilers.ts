import type { FastifyInstance, FastifySerializerCompiler } from 'fastify'
import fastJsonStringify from 'fast-json-stringify'
import { lazyValidatorCompiler } from '../validation.js'

type Serializer = (data: unknown) => string

/**
 * Response serializers already built, by schema object, shared by every app in the process (as
 * the validators are, src/validation.ts): building them was the largest part of building an app.
 */
const serializers = new WeakMap<object, Serializer>()

/**
 * The serializer fastify itself builds for a response schema (fast-json-stringify with no
 * shared schemas and no options, as fastify calls it when it is given none), once a process.
 */
export function serializerFor (schema: object): Serializer {
  let serialize = serializers.get(schema)
  if (serialize === undefined) {
    serialize = fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0], {}) as Serializer
    serializers.set(schema, serialize)
  }
  return serialize
}

/**
 * fastify's serializer compiler for the COC routes: the same serializer, built on a route's first
 * answer with that status instead of while the app is built.
 */
export function lazySerializerCompiler (): FastifySerializerCompiler<object> {
  return ({ schema }) => {
    let serialize: Serializer | undefined
    return data => (serialize ??= serializerFor(schema))(data)
  }
}

/**
 * For routes called rarely (the control plane): schemas are compiled on first use, and
 * responses are written with JSON.stringify.
 */
export function compileLazily (scope: FastifyInstance): void {
  scope.setValidatorCompiler(lazyValidatorCompiler())
  scope.setSerializerCompiler(() => data => JSON.stringify(data))
}
