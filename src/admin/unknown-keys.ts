import type { TSchema } from '@sinclair/typebox'
import { CocError } from '../errors.js'

interface Shape { type?: unknown, properties?: Record<string, TSchema>, items?: TSchema }

/**
 * Refuses members a control-plane body's schema does not name: a misspelt `delay` or
 * `frozenAt` would otherwise be dropped in silence and the test would wonder why.
 */
export function rejectUnknownKeys (schema: TSchema, value: unknown, path = ''): void {
  const shape = schema as Shape
  if (Array.isArray(value) && shape.items !== undefined) {
    value.forEach((item, i) => rejectUnknownKeys(shape.items!, item, `${path}[${i}]`))
    return
  }
  if (typeof value !== 'object' || value === null || shape.properties === undefined) return
  for (const [key, member] of Object.entries(value)) {
    const name = path === '' ? key : `${path}.${key}`
    // Own members only: `toString` is not a field because every object inherits one.
    const property = Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined
    if (property === undefined) {
      throw new CocError('validation', `${name}: unknown field; allowed: ${Object.keys(shape.properties).join(', ')}`)
    }
    rejectUnknownKeys(property, member, name)
  }
}
