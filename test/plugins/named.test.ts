import { createRequire } from 'node:module'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { named } from '../../src/plugins/named.js'
import { build } from '../support/helper.js'

// fastify names a plugin registered without a display name by searching every loaded CommonJS
// module for it. A probe entry in that module table counts the searches.
const cache = createRequire(import.meta.url).cache
function countSearches (t: Test): () => number {
  let reads = 0
  Object.defineProperty(cache, '\u0000named-probe', { configurable: true, enumerable: true, get: () => { reads++; return { exports: null } } })
  t.teardown(() => { delete cache['\u0000named-probe'] })
  return () => reads
}

t.test('named() gives the function name, or the one passed, and keeps a name already given', async t => {
  const key = Symbol.for('fastify.display-name')
  const routes = async (): Promise<void> => {}
  t.equal((named(routes) as unknown as Record<symbol, string>)[key], 'routes')
  t.equal((named(async () => {}, 'given') as unknown as Record<symbol, string>)[key], 'given')
  t.equal((named(routes, 'other') as unknown as Record<symbol, string>)[key], 'routes', 'the first name stays')
})

t.test('a named plugin is registered without searching the module table; an unnamed one is not', async t => {
  const searches = countSearches(t)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(named(async function first () {}))
  t.equal(searches(), 0)
  await app.register(async function second () {})
  t.ok(searches() > 0, 'the unnamed plugin was searched for')
})

t.test('building the app searches for no plugin, and its tree shows the stages by name', async t => {
  const searches = countSearches(t)
  const { app } = await build(t, { tickets: 0 })
  t.equal(searches(), 0)
  const tree = app.printPlugins()
  t.match(tree, /cocApi/)
  t.match(tree, /controlPlane/)
  t.notMatch(tree, /=>/, 'no plugin shown as its source')
})
