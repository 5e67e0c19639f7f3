import t from 'tap'
import { json, setup, TOKEN } from '../../../support/helper.js'
import { MAX_ATTACHMENT_BYTES } from '../../../../src/attachment/service.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }
const EXTERNAL = '/v1/external/incident/attachments'

interface Part { name?: string, filename?: string, type?: string, bytes?: Uint8Array<ArrayBuffer> | string }

/** A multipart/form-data body as a browser or fetch writes it. */
async function form (parts: Part[]): Promise<{ payload: Buffer, headers: Record<string, string> }> {
  const data = new FormData()
  for (const part of parts) {
    if (part.filename === undefined) data.append(part.name ?? 'file', String(part.bytes ?? ''))
    else data.append(part.name ?? 'file', new Blob([part.bytes ?? ''], { type: part.type ?? 'text/plain' }), part.filename)
  }
  const encoded = new Response(data)
  return { payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } }
}

t.test('an upload answers the response model, and the download gives the bytes back', async t => {
  const { app } = await setup(t)
  app.clock.set({ frozen_at: 1_767_225_600_000 })
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255])
  const body = await form([{ filename: '截图 1.png', type: 'image/png', bytes: png }])
  const res = await app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, ...body.headers }, payload: body.payload })
  t.equal(res.statusCode, 200, res.body)
  const answer = res.json()
  t.same(Object.keys(answer).sort(), ['code', 'data', 'msg', 'provider_code'], 'CreateExternalCocAttachmentResponse has no error_code')
  t.match(answer, { code: 'GOM.00000000', provider_code: '049', msg: 'success', data: { doc_id: /^[0-9a-f]{32}$/, doc_name: '截图 1.png' } })
  const docId = answer.data.doc_id as string
  t.ok(docId.startsWith((1_767_225_600_000).toString(16).padStart(12, '0')), 'the id starts with the upload\'s instant')

  const download = await app.inject({ url: `/v1/incident/attachments/${docId}`, headers: TOKEN })
  t.equal(download.statusCode, 200)
  t.same(download.rawPayload, png, 'the same bytes')
  t.equal(download.headers['content-type'], 'image/png', 'an image keeps its type')
  t.equal(download.headers['content-disposition'], 'attachment; filename="?? 1.png"; filename*=UTF-8\'\'%E6%88%AA%E5%9B%BE%201.png', 'the name, UTF-8 included')

  const other = await app.inject({ url: `/v1/incident/attachments/${docId}`, headers: OTHER })
  t.equal(other.statusCode, 400)
  t.same(other.json(), { provider_code: '049', error_code: 'common.00000400', error_msg: `doc_id: no attachment [${docId}] exists`, data: null }, 'another domain\'s file is not found')
})

t.test('CreateAttachment under a ticket type repeats the id and name; text goes out as octet-stream', async t => {
  const { app } = await setup(t)
  const body = await form([{ name: 'note', bytes: 'a field before the file' }, { filename: 'log.TXT', bytes: 'disk full\n' }])
  const res = await app.inject({ method: 'POST', url: '/v1/incident/attachments', headers: { ...TOKEN, ...body.headers }, payload: body.payload })
  t.equal(res.statusCode, 200, res.body)
  const answer = res.json()
  t.match(answer, { code: 'GOM.00000000', provider_code: '049', msg: 'success', data: { doc_name: 'log.TXT' } })
  t.equal(answer.id, answer.data.doc_id)
  t.equal(answer.name, 'log.TXT')
  const download = await app.inject({ url: `/v1/incident/attachments/${answer.id}`, headers: TOKEN })
  t.equal(download.body, 'disk full\n')
  t.equal(download.headers['content-type'], 'application/octet-stream', 'the SDK reads only octet-stream, images and zips as bytes')

  const journal = (await app.inject({ url: '/__admin/requests?path=/v1/incident/attachments' })).json().data
  const upload = journal.requests.find((r: { method: string }) => r.method === 'POST')
  t.same(upload.body, { truncated: true, bytes: body.payload.length }, 'the journal keeps the size of a multipart body, never its content')
})

t.test('refusals: no file part, not multipart, wrong type, too large, unknown ticket type', async t => {
  const { app } = await setup(t)
  const send = async (parts: Part[], url = EXTERNAL) => {
    const body = await form(parts)
    return app.inject({ method: 'POST', url, headers: { ...TOKEN, ...body.headers }, payload: body.payload })
  }
  const cases: Array<[string, Promise<Awaited<ReturnType<typeof send>>>, number, string, RegExp]> = [
    ['fields only', send([{ name: 'note', bytes: 'x' }]), 400, 'GOM.00007256', /^file: the multipart body has no file part$/],
    ['misnamed part', send([{ name: 'upload', filename: 'a.txt' }]), 400, 'GOM.00007256', /^file: the file part is named \[upload\]; it must be named file$/],
    ['unsupported type', send([{ filename: 'run.sh' }]), 400, 'GOM.00007256', /^file: \[run\.sh\] is not one of the supported file types \(\.jpg, \.jpeg, \.png, \.docx, \.txt, \.pdf\)$/],
    ['no file name', send([{ filename: ' ' }]), 400, 'GOM.00007256', /^file: the file part has no file name$/],
    ['long file name', send([{ filename: `${'x'.repeat(252)}.txt` }]), 400, 'GOM.00007256', /^file: the file name must NOT have more than 255 characters$/],
    ['too many fields', send([...Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, bytes: 'x' })), { filename: 'a.txt' }]), 400, 'GOM.00007256', /^request body: more than 11 parts$/],
    ['two files', send([{ filename: 'a.txt' }, { filename: 'b.txt' }]), 200, 'GOM.00000000', /./],
    ['too large', send([{ filename: 'big.pdf', bytes: new Uint8Array(MAX_ATTACHMENT_BYTES + 1) }]), 413, 'GOM.00004130', /^file: larger than the limit of 10 MiB$/],
    ['unknown ticket type', send([{ filename: 'a.txt' }], '/v1/change/attachments'), 400, 'GOM.00007256', /ticket_type/],
    ['JSON', app.inject(json('POST', EXTERNAL, { file: 'x' }, TOKEN)), 400, 'GOM.00007256', /^Content-Type: must be multipart\/form-data with a part named file$/],
    ['octet-stream', app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, 'content-type': 'application/octet-stream' }, payload: 'abc' }), 400, 'GOM.00007256', /^Content-Type: must be multipart/],
    ['broken multipart', app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, 'content-type': 'multipart/form-data' }, payload: 'abc' }), 400, 'GOM.00007256', /^request body: not a valid multipart\/form-data body/],
    ['no credentials', app.inject({ method: 'POST', url: EXTERNAL, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' }), 400, 'GOM.00004010', /./]
  ]
  for (const [name, pending, status, code, message] of cases) {
    const res = await pending
    t.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 200)}`)
    if (status !== 200) t.match(res.json(), { provider_code: '049', error_code: code, error_msg: message, data: null }, name)
  }
  const unknown = await app.inject({ url: '/v1/incident/attachments/nope', headers: TOKEN })
  t.match(unknown.json(), { error_code: 'common.00000400', error_msg: 'doc_id: no attachment [nope] exists' })
})

t.test('attachments live in the database: a reset empties them', async t => {
  const { app } = await setup(t)
  const body = await form([{ filename: 'a.txt', bytes: 'x' }])
  const docId = (await app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, ...body.headers }, payload: body.payload })).json().data.doc_id
  t.equal((await app.inject({ url: `/v1/incident/attachments/${docId}`, headers: TOKEN })).statusCode, 200)
  await app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal((await app.inject({ url: `/v1/incident/attachments/${docId}`, headers: TOKEN })).statusCode, 400)
})

t.test('a fault on the upload path answers before the body is read', async t => {
  const { app } = await setup(t)
  await app.inject(json('POST', '/__admin/faults', { method: 'POST', path: EXTERNAL, status: 503, times: 1 }))
  const body = await form([{ filename: 'a.txt', bytes: 'x' }])
  const res = await app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, ...body.headers }, payload: body.payload })
  t.equal(res.statusCode, 503)
  t.equal(res.json().error_code, 'GOM.00005030')
})

t.test('workflow steps may name uploads of their own domain, in the shapes clients send', async t => {
  const { app, create, handle } = await setup(t)
  const uploadAs = async (headers: Record<string, string>) => {
    const body = await form([{ filename: 'fix.txt', bytes: 'restarted' }])
    return (await app.inject({ method: 'POST', url: EXTERNAL, headers: { ...headers, ...body.headers }, payload: body.payload })).json().data
  }
  const mine = await uploadAs(TOKEN)
  const theirs = await uploadAs(OTHER)
  const solve = (resolveAttachments: unknown) => ({
    mtm_type: 'inc_type_p_function_issues', is_service_interrupt: false, cause: 'c', solution: 's', resolve_attachments: resolveAttachments
  })
  const refusals: Array<[string, unknown, RegExp]> = [
    ['another domain\'s upload', [theirs.doc_id], new RegExp(`^parameter\\.resolve_attachments: no attachment \\[${theirs.doc_id}\\] exists; upload it first`)],
    ['an unknown id in a string', `${mine.doc_id}, nope`, /^parameter\.resolve_attachments: no attachment \[nope\] exists/],
    ['a number', 7, /^parameter\.resolve_attachments: must list attachment ids/],
    ['a list with an object without doc_id', [{ name: 'x' }], /^parameter\.resolve_attachments: must list attachment ids/],
    ['broken JSON', '[{"doc_id"', /^parameter\.resolve_attachments: must list attachment ids/]
  ]
  for (const [name, value, message] of refusals) {
    const num = await create()
    await handle(num, 'acceptedIncident1')
    const res = await handle(num, 'commitSolution1', solve(value))
    t.equal(res.statusCode, 400, name)
    t.match(res.json(), { error_code: 'GOM.00007256', error_msg: message }, name)
  }
  for (const [name, value] of [['ids', [mine.doc_id]], ['the upload\'s answer', [mine]], ['one object', mine], ['JSON text', JSON.stringify([mine])], ['ids with commas', `${mine.doc_id},`]] as const) {
    const num = await create()
    await handle(num, 'acceptedIncident1')
    t.equal((await handle(num, 'commitSolution1', solve(value))).statusCode, 200, name)
  }
})

t.test('a --db file keeps attachments and applications across restarts', async t => {
  const { join } = await import('node:path')
  const { openIncidentStore } = await import('../../../../src/stores/incident-store.js')
  const { build } = await import('../../../support/helper.js')
  const file = join(t.testdir({}), 'coc.db')
  const first = openIncidentStore(file)
  const { app } = await build({ teardown () {} }, { store: first, tickets: 0 })
  const body = await form([{ filename: 'kept.pdf', type: 'application/pdf', bytes: '%PDF-1.4' }])
  const docId = (await app.inject({ method: 'POST', url: EXTERNAL, headers: { ...TOKEN, ...body.headers }, payload: body.payload })).json().data.doc_id
  const appId = (await app.inject(json('POST', '/v1/applications', { name: 'kept' }, TOKEN))).json().data.id
  await app.close()
  first.close()

  const { app: again } = await build(t, { store: openIncidentStore(file), tickets: 0 })
  const download = await again.inject({ url: `/v1/incident/attachments/${docId}`, headers: TOKEN })
  t.equal(download.statusCode, 200)
  t.equal(download.body, '%PDF-1.4')
  t.equal((await again.inject({ url: `/v1/applications?id_list=${appId}`, headers: TOKEN })).json().data[0]?.name, 'kept')
  t.equal((await again.inject({ url: '/v1/applications', headers: TOKEN })).json().data.length, again.fixtures.applications.size + 1, 'the registry is not seeded twice')
})

t.test('the OpenAPI document states the multipart bodies and the binary download', async t => {
  const { app } = await setup(t)
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  for (const [path, id] of [['/v1/external/incident/attachments', 'CreateExternalCocAttachment'], ['/v1/{ticket_type}/attachments', 'CreateAttachment']]) {
    const operation = doc.paths[path].post
    t.equal(operation.operationId, id)
    t.same(operation.tags, ['attachments'])
    t.match(operation.requestBody.content['multipart/form-data'].schema, { required: ['file'], properties: { file: { type: 'string', format: 'binary' } } }, `${id} takes one file part`)
  }
  const download = doc.paths['/v1/{ticket_type}/attachments/{doc_id}'].get
  t.equal(download.operationId, 'DownloadAttachment')
  t.match(download.responses['200'].content['application/octet-stream'].schema, { type: 'string', format: 'binary' })
  t.same(download.responses['400'], { $ref: '#/components/responses/Error400' })
})
