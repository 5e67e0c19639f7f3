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
export function exampleUrl ({ path, op }: Entry): string {
  return (op.parameters ?? []).filter(p => p.in === 'path').reduce((url, p) => url.replace(`{${p.name}}`, encodeURIComponent(String(p.example))), path)
}

export const bodyExample = (op: Operation): unknown => op.requestBody?.content['application/json']?.example
