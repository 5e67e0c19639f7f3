import fc, { type Arbitrary } from 'fast-check'
import type { TSchema } from '@sinclair/typebox'

/**
 * fast-check arbitraries derived from the routes' TypeBox schemas (read as the JSON Schema they
 * are), and the hostile values a careless client or an attacker sends. No published converter
 * knows the schemas' own kinds (CocNullable, CocStringEnum) and fast-check 4, so this reads the
 * handful of keywords the schemas use: type, enum, properties/required, items, anyOf, lengths,
 * bounds and the two patterns.
 */

/** A piece of JSON text placed as it is: numbers JSON.stringify cannot write, deep nesting. */
export class Raw {
  constructor (readonly text: string) {}
}

export type Path = Array<string | number>

/** Interesting values per property name, mixed with what the schema allows. */
export type Hints = Readonly<Record<string, Arbitrary<unknown>>>

interface Shape {
  type?: string | string[]
  enum?: unknown[]
  anyOf?: Shape[]
  properties?: Record<string, Shape>
  required?: string[]
  additionalProperties?: boolean | Shape
  items?: Shape
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
}

/** The last instant COC times may name: the end of year 9999, in epoch ms. */
export const YEAR_9999 = 253_402_300_799_999

const PRINTABLE = fc.string({ unit: fc.constantFrom(...'abcxyzABCXYZ019 -_.:/*%?#&=+@!~é中文🙂'.split(/(?:)/u)), maxLength: 24 })

/** JSON text of a value; `Raw` pieces are written verbatim and own `__proto__` keys are kept. */
export function toJson (value: unknown): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).map(key => `${JSON.stringify(key)}:${toJson((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  // undefined only stands for "absent" inside arrays built by mutation; null keeps the JSON valid.
  return value === undefined ? 'null' : JSON.stringify(value)
}

/** Sets an own property, `__proto__` included, without touching any prototype. */
function define (target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function typeOf (shape: Shape): string | undefined {
  return Array.isArray(shape.type) ? shape.type[0] : shape.type
}

function stringArb (shape: Shape): Arbitrary<string> {
  const min = shape.minLength ?? 0
  const max = Math.min(shape.maxLength ?? 40, 40)
  const base = shape.pattern === undefined
    ? PRINTABLE
    : fc.stringMatching(new RegExp(shape.pattern), { maxLength: max })
  return base.map(text => text.slice(0, max)).filter(text => [...text].length >= min && text.length <= (shape.maxLength ?? Infinity) &&
    (shape.pattern === undefined || new RegExp(shape.pattern).test(text)))
}

/** Values the schema accepts; `hints` (by property name) are mixed in where they apply. */
export function valid (schema: TSchema, hints: Hints = {}): Arbitrary<unknown> {
  return validOf(schema as Shape, hints)
}

function validOf (shape: Shape, hints: Hints): Arbitrary<unknown> {
  if (shape.anyOf !== undefined) return fc.oneof(...shape.anyOf.map(member => validOf(member, hints)))
  if (shape.enum !== undefined) return fc.constantFrom(...shape.enum)
  if (Array.isArray(shape.type) && shape.type.includes('null')) {
    return fc.oneof({ weight: 4, arbitrary: validOf({ ...shape, type: shape.type[0] }, hints) }, { weight: 1, arbitrary: fc.constant(null) })
  }
  switch (typeOf(shape)) {
    case 'string': return stringArb(shape)
    case 'integer': return fc.integer({ min: shape.minimum ?? -1_000_000, max: Math.min(shape.maximum ?? YEAR_9999, YEAR_9999) })
    case 'number': return fc.double({ min: shape.minimum ?? -1e6, max: shape.maximum ?? 1e6, noNaN: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return fc.array(validOf(shape.items ?? {}, hints), { minLength: shape.minItems ?? 0, maxLength: Math.min(shape.maxItems ?? 4, 4) })
    case 'object': return objectArb(shape, hints)
    default: return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null))
  }
}

function objectArb (shape: Shape, hints: Hints): Arbitrary<Record<string, unknown>> {
  const properties = shape.properties ?? {}
  const required = new Set(shape.required ?? [])
  const members = Object.entries(properties).map(([key, member]) => {
    const own = validOf(member, hints)
    const hint = Object.hasOwn(hints, key) ? hints[key] : undefined
    const value = hint === undefined ? own : fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: own })
    return [key, value] as const
  })
  return fc.record(Object.fromEntries(members), { requiredKeys: [...required].filter(key => Object.hasOwn(properties, key)) })
    .map(record => {
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(record)) define(out, key, record[key])
      return out
    })
}

/** A place in a value where the schema says what may stand; absent optional members count. */
export interface Position { path: Path, shape: Shape, present: boolean }

/** Every position of `value` under `schema`, each object also as a place for an extra key. */
export function positions (schema: TSchema, value: unknown): Position[] {
  const out: Position[] = []
  const walk = (shape: Shape, at: unknown, path: Path, present: boolean): void => {
    out.push({ path, shape, present })
    const member = shape.anyOf?.find(option => typeOf(option) === (Array.isArray(at) ? 'array' : typeof at)) ?? shape
    if (typeOf(member) === 'object' && typeof at === 'object' && at !== null && !Array.isArray(at)) {
      for (const [key, child] of Object.entries(member.properties ?? {})) {
        const has = Object.hasOwn(at, key)
        walk(child, has ? (at as Record<string, unknown>)[key] : undefined, [...path, key], has)
      }
    } else if (typeOf(member) === 'array' && Array.isArray(at)) {
      at.forEach((item, i) => walk(member.items ?? {}, item, [...path, i], true))
    }
  }
  walk(schema as Shape, value, [], true)
  return out
}

/** A copy of `value` with `replacement` at `path` (`undefined` removes an object member). */
export function setAt (value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = setAt(copy[head as number], rest, replacement)
    return copy
  }
  const source = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(source)) define(copy, key, source[key])
  const next = setAt(Object.hasOwn(copy, head as string) ? copy[head as string] : undefined, rest, replacement)
  if (next === undefined && rest.length === 0) delete copy[head as string]
  else define(copy, head as string, next)
  return copy
}

/** Values that break one rule of `shape` (type, bound, length, enum, required, items). */
export function breaking (shape: Shape, required: boolean): Arbitrary<unknown> {
  const options: Array<Arbitrary<unknown>> = []
  const type = typeOf(shape)
  if (required) options.push(fc.constant(undefined))
  if (shape.enum !== undefined) options.push(fc.constantFrom('not-in-the-enum', 'LEVEL_10', ' level_10'))
  if (type !== 'string') options.push(fc.constantFrom('a string', 'true', '12abc'))
  if (type !== 'object') options.push(fc.constant({ nested: 1 }))
  if (type !== 'array') options.push(fc.constant(['an', 'array']))
  if (type !== 'boolean') options.push(fc.constantFrom(true, false))
  if (type === 'string') {
    options.push(fc.integer(), fc.constant(null))
    if (shape.maxLength !== undefined) options.push(fc.constant('x'.repeat(shape.maxLength + 1)), fc.constant('中'.repeat(shape.maxLength + 1)))
    if ((shape.minLength ?? 0) > 0) options.push(fc.constant(''))
  }
  if (type === 'integer' || type === 'number') {
    options.push(fc.constantFrom(1.5, -0.25, 'one', ''))
    if (shape.minimum !== undefined) options.push(fc.constant(shape.minimum - 1))
    if (shape.maximum !== undefined) options.push(fc.constant(shape.maximum + 1))
  }
  if (type === 'array') {
    if (shape.maxItems !== undefined) options.push(fc.constant(Array.from({ length: shape.maxItems + 1 }, () => 'x')))
    if ((shape.minItems ?? 0) > 0) options.push(fc.constant([]))
    options.push(fc.constant([{ wrong: true }, 7]))
  }
  if (type === 'object') options.push(fc.constant('{}'), fc.constant([]))
  return fc.oneof(...options)
}

// Hostile values, grouped by the class of mistake they probe.

/** Numbers that are not numbers, or not in any sane range, as JSON numbers and as strings. */
export const hostileNumber: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('Infinity', '-Infinity', '+Infinity', 'NaN', '1e400', '-1e400', '1e21', '9007199254740993', '0x1F', '1_000', ' 12 ', '12 ', '', '-0', '1e3', '0.5e1'),
  fc.constantFrom(new Raw('1e400'), new Raw('-1e400'), new Raw('1e308'), new Raw('9007199254740993'), new Raw('-0'), new Raw('1E2'),
    new Raw('100000000000000000000000000000'), new Raw('8640000000000001'), new Raw('253402300800000')),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 + 2, 8.64e15, -8.64e15, -1, 2 ** 31, 2 ** 32, 2 ** 63),
  fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(n => new Raw(n.toString())))
)

/** Names every plain object inherits. */
export const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype)

export const protoName: Arbitrary<string> = fc.constantFrom(...PROTO_NAMES, 'prototype')

// The long run also sends strings close to the 1 MiB body limit; the short one stays quick.
const LONG_TEXT = process.env.npm_lifecycle_event === 'fuzz' ? [256, 1001, 10_001, 100_001, 600_000] : [256, 1001, 10_001, 20_001]

/** Long strings and strings with control characters, lone surrogates and other odd code points. */
export const hostileText: Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\u001f', '\u007f', '\r\n', '\t', '\u2028\u2029', '\ud800', '\udfff', '\ufeff', '\u202e', '%00', '%', '%zz', '..', '../..', '*', '\\', '"', "'", '<script>', '${x}', ' ', ''),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\ud83d', 'a', '\n'), minLength: 1, maxLength: 16 }),
  fc.constantFrom(...LONG_TEXT).chain(length => fc.constantFrom('a', '中', '🙂', '\u0000').map(unit => unit.repeat(length)))
)

const DEPTHS = process.env.npm_lifecycle_event === 'fuzz' ? [64, 512, 2_000, 5_000, 20_000, 100_000] : [64, 512, 5_000]

/** JSON nested deep enough to break recursive code: arrays, objects or both. */
export const deepValue: Arbitrary<Raw> = fc.tuple(fc.constantFrom(...DEPTHS), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => new Raw(open.repeat(depth) + '1' + (open === '[' ? ']' : '}').repeat(depth)))
