import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { TOKEN } from '../support/helper.js'
import { bodyExample, entries, exampleUrl, fetchDocument } from '../support/openapi.js'

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
    headers: { ...TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  for (const entry of all) {
    const { method, path, op } = entry
    // Each example runs on the start state, as an example-driven tool resets between calls.
    t.equal((await send('POST', '/__admin/reset', undefined)).status, 200)
    // An example that names a resource of a collection (a fault's id) needs one made first:
    // the collection's own POST example makes it, as such a tool would in document order.
    const collection = path.slice(0, path.indexOf('/{'))
    const maker = path.includes('{') ? doc.paths[collection]?.post : undefined
    if (maker !== undefined) t.equal((await send('POST', collection, bodyExample(maker))).status, 200, `${method} ${path}: POST ${collection} first`)
    const res = await send(method, exampleUrl(entry), bodyExample(op))
    const text = await res.text()
    t.ok(res.status >= 200 && res.status < 300, `${method} ${path} answers ${res.status}: ${text.slice(0, 200)}`)
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
