import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { TOKEN } from '../support/helper.js'
import { bodyExample, createdId, entries, exampleUrl, fetchDocument, formExample, type Operation } from '../support/openapi.js'

// What an example-driven tool (Dredd, Prism's validating proxy) does with the document: send
// each operation's example to a running emulator and check the answer against the schema.
// Dozens of calls (or a full lint) take seconds on a busy machine.
t.setTimeout(120_000)

t.test('every operation\'s example request is answered 2xx by a live emulator, and the answer matches the document', async t => {
  const doc = await fetchDocument(t)
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
  const all = entries(doc)
  t.ok(all.length >= 35, `${all.length} operations`)
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const send = (method: string, url: string, body: unknown) => fetch(`${running.url}${url}`, {
    method,
    headers: { ...TOKEN, ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) })
  })
  const example = (op: Operation): unknown => formExample(op) ?? bodyExample(op)
  for (const entry of all) {
    const { method, path, op } = entry
    // Each example runs on the start state, as an example-driven tool resets between calls.
    t.equal((await send('POST', '/__admin/reset', undefined)).status, 200)
    // The state an example needs is put in place first, as the document states it.
    for (const step of op['x-example-setup'] ?? []) {
      t.equal((await send(step.method, step.path, step.body)).status, 200, `${method} ${path}: ${step.method} ${step.path} first`)
    }
    // An example that names an item of a collection (a fault, an upload) needs one made first:
    // the collection's own POST example makes it, and the id it answers is the one used.
    const last = path.lastIndexOf('/{')
    const collection = path.slice(0, last)
    const maker = last > 0 && path.endsWith('}') ? doc.paths[collection]?.post : undefined
    const values: Record<string, string> = {}
    if (maker !== undefined) {
      const made = await send('POST', exampleUrl({ method: 'POST', path: collection, op: maker }), example(maker))
      t.equal(made.status, 200, `${method} ${path}: POST ${collection} first`)
      const id = createdId(await made.json())
      if (id !== undefined) values[path.slice(last + 2, -1)] = id
    }
    const res = await send(method, exampleUrl(entry, values), example(op))
    const text = await res.text()
    t.ok(res.status >= 200 && res.status < 300, `${method} ${path} answers ${res.status}: ${text.slice(0, 200)}`)
    const type = res.headers.get('content-type') ?? ''
    if (!type.startsWith('application/json')) {
      // A download: the document names its type for this status.
      const media = Object.keys(op.responses[String(res.status)]?.content ?? {})
      t.ok(media.some(m => type.startsWith(m.replace('*', ''))), `${method} ${path}: ${type} is one of ${media.join(', ')}`)
      continue
    }
    const schema = op.responses[String(res.status)]?.content?.['application/json']?.schema
    t.ok(schema, `${method} ${path}: the document has a schema for ${res.status}`)
    const validate = ajv.compile({ ...schema, components: doc.components })
    t.ok(validate(JSON.parse(text)), `${method} ${path}: the answer matches the response schema ${JSON.stringify(validate.errors?.slice(0, 3))}`)
  }
})

t.test('the response check can fail: an answer that breaks the schema is caught', async t => {
  const doc = await fetchDocument(t)
  const ajv = new Ajv2020({ strict: false, validateFormats: false })
  const schema = doc.paths['/v1/external/incident/{incident_num}']!.get!.responses['200']!.content!['application/json']!.schema
  const validate = ajv.compile({ ...schema, components: doc.components })
  t.notOk(validate({ provider_code: '049', error_code: 'GOM.00000000', error_msg: null, data: { incident_num: 5 } }))
})

t.test('a reset numbers faults from fault-1 again, so the examples\' fault id names a fault', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const add = async () => (await (await fetch(`${running.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"method":"GET","path":"/x","status":503}' })).json()).data.id
  t.same([await add(), await add()], ['fault-1', 'fault-2'])
  await fetch(`${running.url}/__admin/faults`, { method: 'DELETE' })
  t.equal(await add(), 'fault-3', 'removing faults keeps the numbering')
  await fetch(`${running.url}/__admin/reset?empty=true`, { method: 'POST' })
  t.equal(await add(), 'fault-1', 'a reset starts it again')
})
