import { Kind, Type, TypeRegistry, type TSchema, type Static, type TUnsafe } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Every COC answer's provider code, and the error_code of a success. */
export const PROVIDER_CODE = '049'
export const SUCCESS_CODE = 'GOM.00000000'

const Inner = Symbol('coc.nullable.inner')
TypeRegistry.Set<{ [Inner]: TSchema }>('CocNullable', (schema, value) => value === null || Value.Check(schema[Inner], value))

/**
 * A nullable value as a JSON-schema type list rather than `anyOf`, so that fast-json-stringify
 * serialises it without trying each branch; TypeBox's own checker gets a kind of its own.
 */
export function Nullable<T extends TSchema & { type: string }> (schema: T): TUnsafe<Static<T> | null> {
  const { [Kind]: _kind, ...json } = schema
  return Type.Unsafe<Static<T> | null>({ ...json, type: [schema.type, 'null'], [Kind]: 'CocNullable', [Inner]: schema })
}

// Human wording for the patterns used in schemas, so that a refusal names the rule, not a regex.
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F]*$'
export const PATH_OR_PREFIX = '^/[^*\\u0000-\\u001F\\u007F]*\\*?$'
export const PATTERN_RULES: Readonly<Record<string, string>> = {
  [NO_CONTROL_CHARACTERS]: 'must not contain control characters',
  [PATH_OR_PREFIX]: 'must be a path starting with /, or a prefix ending in * (no other *, no control characters)'
}

/**
 * The last millisecond of the year 9999 in UTC+8, the zone ticket numbers are written in
 * (`IM` + yyyyMMddHHmmss): later instants have no four-digit year.
 */
export const EPOCH_MS_MAX = 253_402_271_999_999

/** An instant in epoch milliseconds, from 1970 to the end of 9999. */
export function EpochMs (options: { minimum?: number, description?: string } = {}) {
  return Type.Integer({ minimum: 0, maximum: EPOCH_MS_MAX, ...options })
}

export const ProviderCode = Type.String({ minLength: 3, default: PROVIDER_CODE, description: 'Service ID' })
const ErrorCode = Type.String({ minLength: 1, default: SUCCESS_CODE, description: 'Request response code' })

/** The success envelope around an operation's `data`. */
export function Envelope<T extends TSchema> (data: T) {
  return Type.Object({
    provider_code: ProviderCode,
    error_code: ErrorCode,
    error_msg: Nullable(Type.String()),
    data
  })
}

export const ErrorEnvelopeSchema = Type.Object({
  provider_code: ProviderCode,
  error_code: ErrorCode,
  error_msg: Type.String({ description: 'names the field and the rule that was broken' }),
  data: Type.Null()
}, { $id: 'CocErrorEnvelope', description: 'COC error envelope' })

/** Headers every COC route documents; authentication itself runs before validation. */
export const AuthHeaders = Type.Object({
  'x-auth-token': Type.Optional(Type.String({ minLength: 1, description: 'IAM token (X-Auth-Token)' })),
  'x-request-id': Type.Optional(Type.String({ description: 'echoed back in the X-Request-Id response header' }))
})

/** The error responses every COC route may send. */
export const ErrorResponses = {
  400: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
  405: ErrorEnvelopeSchema,
  413: ErrorEnvelopeSchema,
  415: ErrorEnvelopeSchema,
  500: ErrorEnvelopeSchema
}

TypeRegistry.Set<{ enum: string[] }>('CocStringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value))

/** A string enum as a plain JSON-schema `enum`, so a refusal can list the allowed values. */
export function StringEnum<T extends string> (values: readonly T[], options: { description?: string } = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options, [Kind]: 'CocStringEnum' })
}
