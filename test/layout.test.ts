import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import t from 'tap'
import ts from 'typescript'
import { PROJECT_ROOT } from '../src/paths.js'

// The layering the README's layout section describes, read from the sources: imports (type
// imports included) form no circle, nothing in src/ reaches outside it, and the schemas are
// leaves. The compiler's own pre-processor lists each file's imports and re-exports.

const SRC = join(PROJECT_ROOT, 'src')

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The relative imports of every file under `root`, as absolute .ts paths. */
function importGraph (root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    graph.set(file, importedFiles.map(i => i.fileName).filter(name => name.startsWith('.'))
      .map(name => resolve(dirname(file), name).replace(/\.js$/, '.ts')))
  }
  return graph
}

/** Every circle in the graph, each as the files along it. */
function circles (graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)))
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

const graph = importGraph(SRC)
const name = (file: string): string => relative(SRC, file)

t.test('the check finds a circle, type imports included, and none where there is none', async t => {
  const dir = t.testdir({
    'a.ts': "import type { B } from './b.js'\nexport type A = B",
    'b.ts': "export { a } from './c.js'\nexport type B = string",
    'c.ts': "import './a.js'\nexport const a = 1",
    'd.ts': "import { a } from './c.js'\nexport const d = a"
  })
  t.same(circles(importGraph(dir)).map(circle => circle.map(file => relative(dir, file))), [['a.ts', 'b.ts', 'c.ts']])
  t.same(circles(new Map([['x', ['y']], ['y', []]])), [])
})

t.test('no import circle in src/', async t => {
  t.ok(graph.size > 40, `${graph.size} files read`)
  t.same(circles(graph).map(circle => circle.map(name)), [])
})

t.test('src/ imports nothing from outside it', async t => {
  const outside = [...graph].flatMap(([file, imports]) => imports.filter(target => !target.startsWith(SRC + '/')).map(target => `${name(file)} -> ${relative(PROJECT_ROOT, target)}`))
  t.same(outside, [])
})

t.test('the schemas import only each other and the vocabulary', async t => {
  const allowed = (target: string): boolean => target.startsWith(join(SRC, 'schemas') + '/') || target === join(SRC, 'vocab.ts')
  const schemas = [...graph].filter(([file]) => file.startsWith(join(SRC, 'schemas') + '/'))
  t.ok(schemas.length > 5, `${schemas.length} schema files`)
  t.same(schemas.flatMap(([file, imports]) => imports.filter(target => !allowed(target)).map(target => `${name(file)} -> ${name(target)}`)), [])
})
