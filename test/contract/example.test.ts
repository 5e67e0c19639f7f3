import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../../src/paths.js'

const COPY = join(PROJECT_ROOT, 'test', 'contract', 'query-incident-ticket-details.response.json')
const DOCUMENT = join(PROJECT_ROOT, '..', 'shared', 'spec', 'query-incident-ticket-details.txt')

t.test('the kept copy is the document example, byte for byte', { skip: existsSync(DOCUMENT) ? false : 'the user document is not beside this checkout' }, async t => {
  const text = readFileSync(DOCUMENT, 'utf8')
  const start = text.indexOf('{', text.indexOf('Response Example'))
  const end = text.indexOf('\n\nStatus Code', start)
  t.ok(start > 0 && end > start, 'the document has a response example')
  t.equal(readFileSync(COPY, 'utf8'), text.slice(start, end), 'copy and document example are identical')
})

t.test('the kept copy is valid JSON with the documented envelope', async t => {
  const example = JSON.parse(readFileSync(COPY, 'utf8')) as Record<string, unknown>
  t.same(Object.keys(example), ['provider_code', 'error_code', 'error_msg', 'data'])
  t.equal(example.error_msg, null)
})
