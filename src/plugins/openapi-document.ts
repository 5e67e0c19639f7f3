import { isControlPath } from '../admin/request-facts.js'
import { ErrorEnvelopeSchema } from '../schemas/common.js'
import { DETAIL_EXAMPLE } from './openapi-detail-example.js'
import { OPERATIONS, PATH_EXAMPLES } from './openapi-operations.js'

interface Parameter { in: string, name: string, required?: boolean, schema?: QuerySchema, example?: unknown }
interface QuerySchema { type?: string | string[], default?: unknown, enum?: unknown[], pattern?: string, description?: string }
interface Media { schema?: unknown, example?: unknown }
interface Operation {
  operationId?: string
  summary?: string
  description?: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> } | { $ref: string }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: Record<string, Record<string, unknown>>
}

/** What each error status means here; every one answers the COC error envelope. */
const ERROR_STATUSES: Record<string, string> = {
  400: 'A field breaks its rule; error_msg names the field and the rule',
  401: 'No valid credentials',
  403: 'Credentials without access',
  404: 'No such ticket, task or route',
  405: 'The path exists, not with this method',
  409: 'The request conflicts with the current state',
  413: 'The body is larger than the limit',
  415: 'The body is not JSON',
  429: 'Too many requests (an injected fault)',
  500: 'Internal error, or an injected fault',
  502: 'Bad gateway (an injected fault)',
  503: 'Service unavailable (an injected fault)',
  504: 'Gateway timeout (an injected fault)'
}

/** Faults (POST /__admin/faults) can answer any COC route with these. */
const FAULT_STATUSES = ['429', '500', '502', '503', '504']

/**
 * The numeric strings the server reads as a number in a query: Ajv's type coercion takes any
 * string that JavaScript's Number() reads back to the same value (decimal with sign, fraction
 * or exponent, surrounding white space, 0x/0o/0b literals); the limits still apply to the number.
 */
export const NUMERIC_STRING = '^\\s*(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)\\s*$'

/**
 * A query parameter's schema with the string forms the server also accepts: "true"/"false" for
 * a boolean, numeric strings for a number. A type list keeps the limits, which apply to numbers
 * only, and lets a validating proxy pass what the server takes.
 */
function withStringForms (schema: QuerySchema): QuerySchema {
  if (schema.type === 'boolean') {
    return { ...schema, type: ['boolean', 'string'], enum: [true, false, 'true', 'false'] }
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return { ...schema, type: [schema.type, 'string'], pattern: NUMERIC_STRING }
  }
  return schema
}

const ENVELOPE = 'CocErrorEnvelope'
const errorResponse = (status: string): string => `#/components/responses/Error${status}`

/**
 * Completes the document @fastify/swagger built from the route schemas: operation ids,
 * descriptions and examples, one shared response per error status, and query parameters
 * with a default marked optional (the server fills them in).
 */
export function completeDocument (doc: Document): Document {
  const { $id: _id, ...envelope } = JSON.parse(JSON.stringify(ErrorEnvelopeSchema)) as Record<string, unknown>
  const responses: Record<string, unknown> = {}
  for (const [status, description] of Object.entries(ERROR_STATUSES)) {
    responses[`Error${status}`] = { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ENVELOPE}` } } } }
  }
  doc.components.schemas = { ...doc.components.schemas, [ENVELOPE]: envelope }
  doc.components.responses = responses

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const facts = OPERATIONS[`${method.toUpperCase()} ${path}`]
      // Every route has its entry; the document test checks that each operation has an id.
      Object.assign(operation, { operationId: facts.operationId, description: facts.description }, facts.summary === undefined ? {} : { summary: facts.summary })
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && parameter.schema !== undefined) {
          if (parameter.schema.default !== undefined) parameter.required = false
          parameter.schema = withStringForms(parameter.schema)
        }
        if (parameter.in === 'path') parameter.example = facts.pathExamples?.[parameter.name] ?? PATH_EXAMPLES[parameter.name]
      }
      if (facts.setup !== undefined) Object.assign(operation, { 'x-example-setup': facts.setup })
      if (facts.requestBody !== undefined) operation.requestBody = facts.requestBody as { content: Record<string, Media> }
      if (facts.response200 !== undefined) operation.responses['200'] = facts.response200 as { content: Record<string, Media> }
      const body = operation.requestBody?.content['application/json']
      if (body !== undefined) body.example = facts.requestExample
      const statuses = Object.keys(operation.responses)
      for (const status of isControlPath(path) ? statuses : [...statuses, ...FAULT_STATUSES]) {
        if (status in ERROR_STATUSES) operation.responses[status] = { $ref: errorResponse(status) }
      }
    }
  }
  const detail = doc.paths['/v1/external/incident/{incident_num}'].get.responses['200'] as { content: Record<string, Media> }
  detail.content['application/json'].example = DETAIL_EXAMPLE
  return doc
}
