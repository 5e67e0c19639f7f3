import { build } from './helper.js'

/** The emulator's OpenAPI document, and its operations found generically, so new routes are covered as they come. */
export interface Schema { type?: string | string[], default?: unknown }
export interface Parameter { in: string, name: string, schema?: Schema, example?: unknown }
export interface Media { schema?: object, example?: unknown }
export interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
  'x-example-setup'?: Array<{ method: string, path: string, body: unknown }>
}
export interface Document { paths: Record<string, Record<string, Operation>>, components: Record<string, unknown> }
export interface Entry { method: string, path: string, op: Operation }

export async function fetchDocument (t: { teardown (fn: () => unknown): void }): Promise<Document> {
  const { app } = await build(t, { tickets: 0 })
  return (await app.inject({ url: '/openapi.json' })).json()
}

export const entries = (doc: Document): Entry[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))

/** The operation's path with the examples of its path parameters. */
export function exampleUrl ({ path, op }: Entry, values: Record<string, string> = {}): string {
  return (op.parameters ?? []).filter(p => p.in === 'path')
    .reduce((url, p) => url.replace(`{${p.name}}`, encodeURIComponent(String(values[p.name] ?? p.example))), path)
}

/** A multipart body for an operation that takes one: a small text file for each binary part. */
export function formExample (op: Operation): FormData | undefined {
  const media = op.requestBody?.content['multipart/form-data']
  if (media === undefined) return undefined
  const form = new FormData()
  const properties = (media.schema as { properties?: Record<string, { format?: string }> } | undefined)?.properties ?? {}
  for (const [name, property] of Object.entries(properties)) {
    if (property.format === 'binary') form.append(name, new Blob(['an example file\n'], { type: 'text/plain' }), 'example.txt')
    else form.append(name, 'example')
  }
  return form
}

/** The id an answer gives to what it created (`data.doc_id` or `data.id`), if any. */
export function createdId (answer: unknown): string | undefined {
  const data = (answer as { data?: { doc_id?: unknown, id?: unknown } } | null)?.data
  const id = typeof data === 'object' && data !== null ? data.doc_id ?? data.id : undefined
  return typeof id === 'string' ? id : undefined
}

export const bodyExample = (op: Operation): unknown => op.requestBody?.content['application/json']?.example
