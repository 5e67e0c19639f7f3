import { createRequire } from 'node:module'
import t from 'tap'
import { fetchDocument } from '../support/openapi.js'

// spectral:oas, Spectral's own OpenAPI ruleset, run as a third-party linter would.
const require = createRequire(import.meta.url)
const { Spectral } = require('@stoplight/spectral-core') as typeof import('@stoplight/spectral-core')
const { oas } = require('@stoplight/spectral-rulesets') as typeof import('@stoplight/spectral-rulesets')

// Dozens of calls (or a full lint) take seconds on a busy machine.
t.setTimeout(120_000)

t.test('Spectral (spectral:oas) finds no error and no warning', async t => {
  const doc = await fetchDocument(t)
  const spectral = new Spectral()
  spectral.setRuleset({ extends: [oas] } as never)
  const results = await spectral.run(JSON.stringify(doc))
  // Severity 0 is an error, 1 a warning.
  const findings = results.filter(r => r.severity <= 1).map(r => `${r.code} at ${r.path.join('.')}: ${r.message}`)
  t.same(findings, [], 'no findings')
  // The check can fail: a document without info or operation ids gets findings.
  const broken = await spectral.run(JSON.stringify({ ...doc, info: {}, paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } } } }))
  t.ok(broken.some(r => r.severity <= 1), 'a broken document is reported')
})
