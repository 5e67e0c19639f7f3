import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { NUMERIC_STRING } from '../../src/plugins/openapi-document.js'
import { build, TOKEN } from '../support/helper.js'
import { bodyExample, entries, exampleUrl, fetchDocument } from '../support/openapi.js'

t.test('query parameters take the string forms the server accepts, and the document says so', async t => {
  const doc = await fetchDocument(t)
  const ajv = new Ajv2020({ strict: false })
  const { app } = await build(t, { tickets: 0 })
  const candidates: Record<string, string[]> = {
    boolean: ['true', 'false', '1', 'TRUE', ''],
    integer: ['5', ' 5', '+5', '5.0', '1e1', '0x5', '0b101', '5.5', 'five', '', 'Infinity']
  }
  let checked = 0
  for (const entry of entries(doc)) {
    for (const parameter of (entry.op.parameters ?? []).filter(p => p.in === 'query')) {
      const types = [parameter.schema?.type].flat()
      const kind = types.includes('boolean') ? 'boolean' : types.includes('integer') ? 'integer' : undefined
      if (kind === undefined) continue
      t.ok(types.includes('string'), `${entry.method} ${entry.path} ?${parameter.name} documents its string form`)
      const validate = ajv.compile(parameter.schema!)
      for (const value of candidates[kind]!) {
        const body = bodyExample(entry.op)
        const res = await app.inject({ method: entry.method as 'GET', url: `${exampleUrl(entry)}?${parameter.name}=${encodeURIComponent(value)}`, headers: TOKEN, ...(body === undefined ? {} : { payload: body as object }) })
        const refusedForIt = res.statusCode === 400 && String(res.json().error_msg).includes(parameter.name)
        // Whatever the server takes, the document must take too.
        if (!refusedForIt) t.ok(validate(value), `${entry.method} ${entry.path} ?${parameter.name}=${JSON.stringify(value)}: answered ${res.statusCode}, and valid in the document`)
        checked++
      }
    }
  }
  t.ok(checked >= 50, `${checked} values tried`)
  const numeric = new RegExp(NUMERIC_STRING)
  t.same(['5', ' -5 ', '.5', '1e3', '0x1F', '0b1'].filter(v => !numeric.test(v)), [], 'numeric strings match')
  t.same(['5a', '', '0x', '-0x5', '1e', 'Infinity'].filter(v => numeric.test(v)), [], 'others do not')
})
