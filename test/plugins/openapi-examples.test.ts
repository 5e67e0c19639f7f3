import t from 'tap'
import { build, EXAMPLE_NUM, TOKEN } from '../support/helper.js'

interface Parameter { in: string, name: string, required?: boolean, schema?: { default?: unknown }, example?: string }
interface Operation {
  operationId: string
  summary: string
  description: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { example?: unknown }> }
  responses: Record<string, { $ref?: string, content?: Record<string, { example?: unknown }> }>
  'x-example-setup'?: Array<{ method: string, path: string, body: unknown }>
}
type Paths = Record<string, Record<string, Operation>>

async function document (t: { teardown (fn: () => unknown): void }, host?: string): Promise<{ paths: Paths, servers: unknown, components: Record<string, Record<string, unknown>> }> {
  const { app } = await build(t, { tickets: 0 })
  return (await app.inject({ url: '/openapi.json', headers: host === undefined ? {} : { host } })).json()
}

const operations = (paths: Paths): Array<[string, Operation]> =>
  Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]))

t.test('every operation has a unique operationId, a summary and a description', async t => {
  const { paths } = await document(t)
  const all = operations(paths)
  const ids = all.map(([, op]) => op.operationId)
  t.equal(new Set(ids).size, all.length, 'no two operations share an id, the alias routes included')
  for (const [key, op] of all) {
    t.match(op.operationId, /^[A-Za-z]\w+$/, `${key} has an id`)
    t.ok(op.summary.length > 0 && op.description.length > 0, `${key} has a summary and a description`)
  }
  const sdk: Record<string, string> = {
    'GET /v1/external/incident/{incident_num}': 'ShowCocIncidentDetail',
    'POST /v1/external/incident/create': 'CreateCocIncident',
    'POST /v1/external/incident/handle': 'HandleCocIncident',
    'GET /v1/incident-tickets': 'ListIncidentSimpleTickets',
    'POST /v1/{ticket_type}/list-histories': 'ListTicketOperationHistories',
    'POST /v1/external/{ticket_type}/list-histories': 'ListCocTicketOperationHistories',
    'POST /v2/incidents/list': 'ListIncidents',
    'GET /v2/incidents/{incident_id}/tasks': 'ShowIncidentTask',
    'POST /v2/incidents/{incident_id}/actions': 'HandleIncident',
    'POST /v2/incidents/{incident_id}/histories': 'ListIncidentsHistories'
  }
  const byKey = new Map(all)
  for (const [key, id] of Object.entries(sdk)) t.equal(byKey.get(key)?.operationId, id, `${key} is the SDK's ${id}`)
})

t.test('error statuses are shared components, and the COC operations declare the fault statuses', async t => {
  const { paths, components } = await document(t)
  for (const [key, op] of operations(paths)) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (status.startsWith('2')) continue
      t.same(response, { $ref: `#/components/responses/Error${status}` }, `${key} ${status}`)
      t.ok(`Error${status}` in components.responses, `Error${status} exists`)
    }
    const coc = !key.includes(' /__admin') && !key.endsWith('/openapi.json')
    // The control plane and the document are never faulted; 500 is possible everywhere. Health
    // is a 503 of its own while a large seeding goes in.
    t.ok('500' in op.responses || key === 'GET /openapi.json', `${key} declares 500`)
    for (const status of ['429', '502', '503', '504']) {
      const declared = coc || (key === 'GET /__admin/health' && status === '503')
      t.equal(status in op.responses, declared, `${key} ${declared ? 'declares' : 'leaves out'} ${status}`)
    }
  }
})

t.test('query parameters with a default are optional; servers names the URL asked on', async t => {
  const { paths, servers } = await document(t, 'emulator.test:4010')
  const defaults = operations(paths).flatMap(([, op]) => op.parameters ?? []).filter(p => p.in === 'query' && p.schema?.default !== undefined)
  t.ok(defaults.length >= 5, `${defaults.length} query parameters with a default`)
  for (const parameter of defaults) t.not(parameter.required, true, `${parameter.name} is optional`)
  t.same(servers, [{ url: 'http://emulator.test:4010', description: 'this emulator' }])
})

t.test('the detail example is the seed ticket as the emulator answers it', async t => {
  const { app } = await build(t, { tickets: 0 })
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Paths }
  const example = doc.paths['/v1/external/incident/{incident_num}'].get.responses['200'].content?.['application/json'].example
  const live = await app.inject({ url: `/v1/external/incident/${EXAMPLE_NUM}`, headers: TOKEN })
  t.equal(live.statusCode, 200)
  t.same(example, live.json())
})

t.test('every request body example is answered 2xx by a freshly seeded emulator', async t => {
  const { paths } = await document(t)
  // Multipart uploads have no JSON example: test/routes/v1/attachments drives them.
  const withBody = operations(paths).filter(([, op]) => op.requestBody !== undefined && !('multipart/form-data' in op.requestBody.content))
  t.ok(withBody.length >= 15, `${withBody.length} operations with a body`)
  for (const [key, op] of withBody) {
    const example = op.requestBody?.content['application/json'].example
    t.not(example, undefined, `${key} has an example`)
    const [method, path] = key.split(' ') as [string, string]
    const url = (op.parameters ?? []).filter(p => p.in === 'path').reduce((u, p) => u.replace(`{${p.name}}`, encodeURIComponent(String(p.example))), path)
    t.notMatch(url, /[{}]/, `${key}: every path parameter has an example`)
    const { app } = await build(t, { tickets: 0 })
    // The state the example needs, as the document states it (x-example-setup).
    for (const step of op['x-example-setup'] ?? []) {
      t.equal((await app.inject({ method: step.method as 'POST', url: step.path, payload: step.body as object })).statusCode, 200, `${key}: ${step.path} first`)
    }
    const res = await app.inject({ method: method as 'POST', url, headers: TOKEN, payload: example as object })
    t.ok(res.statusCode >= 200 && res.statusCode < 300, `${key} answers ${res.statusCode}: ${res.body.slice(0, 200)}`)
  }
})
