// Runs tap with the arguments given, then prints one plain closing line for CI:
// "N passed, N failed" (", N skipped" when any were), after one saying how long the whole command took.
// Exits with tap's own exit code.
//
// tap runs the tests as tsc compiled them (dist/test/**/*.test.js, with source maps back to the
// .ts lines), not through a TypeScript loader in every test process: that loader was most of the
// run's time. With --build it first builds the emulator and compiles the tests, so `npm test`
// is one timed command. A test named by its source path (test/x.test.ts) runs as its compiled file.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, relative } from 'node:path'

const started = performance.now()
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
const timings = []

function fail (name, status, signal) {
  process.stdout.write(`\n${name} failed (${signal ?? `exit ${status}`}) after ${seconds(started)}\n`)
  process.exit(status || 1)
}

function step (name, command, args) {
  const from = performance.now()
  const { status, signal } = spawnSync(command, args, { stdio: 'inherit' })
  timings.push(`${name} ${seconds(from)}`)
  if (status !== 0) fail(name, status, signal)
}

/** Runs the commands at once (the machine has more than one core) and waits for all of them. */
async function together (name, commands) {
  const from = performance.now()
  const results = await Promise.all(commands.map(([command, args]) => new Promise(resolve => {
    spawn(command, args, { stdio: 'inherit' }).on('exit', (status, signal) => resolve({ status, signal }))
  })))
  timings.push(`${name} ${seconds(from)}`)
  const failed = results.find(result => result.status !== 0)
  if (failed) fail(name, failed.status, failed.signal)
}

/** Compiled tests whose source is gone: a deleted or renamed test must not keep running. */
function removeStaleTests (dir) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      removeStaleTests(path)
      continue
    }
    const source = relative('dist', path).replace(/\.(js|js\.map|d\.ts)$/, '.ts')
    if (/\.ts$/.test(source) && !existsSync(source)) rmSync(path)
  }
}

/** Whether every .ts file under `dir` has its compiled .js in dist/. */
function allCompiled (dir) {
  return readdirSync(dir, { withFileTypes: true }).every(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return allCompiled(path)
    return !/\.ts$/.test(entry.name) || /\.d\.ts$/.test(entry.name) || existsSync(join('dist', path.replace(/\.ts$/, '.js')))
  })
}

/** The newest modification time among the files given and every file under the folders given. */
function newest (paths) {
  let time = 0
  for (const path of paths) {
    // A folder's own time counts too: it changes when a file in it is removed or renamed.
    const stat = statSync(path)
    time = Math.max(time, stat.mtimeMs)
    if (stat.isDirectory()) time = Math.max(time, newest(readdirSync(path).map(name => join(path, name))))
  }
  return time
}

/** Whether every output exists and is newer than every input: the step would write the same files. */
function fresh (outputs, inputs) {
  return outputs.every(existsSync) && Math.min(...outputs.map(output => statSync(output).mtimeMs)) > newest(inputs)
}

/** Every compiled test file under `dir`, fixtures' folders left out (as tap's own `exclude`). */
function testFiles (dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return /^fixtures?$/.test(entry.name) ? [] : testFiles(path)
    return /\.test\.js$/.test(entry.name) ? [path] : []
  })
}

const SHARDS = 3
/** tap's own limit for one test file. */
const FILE_TIMEOUT_MS = 30_000
/** A file that allows itself more than this runs alone: it packs, builds an image or drives a browser. */
const ALONE_OVER_MS = 120_000

/** How long each shard took in the newest report tap kept of it (`# time=` at its end), by name. */
function lastDurations (dir) {
  const found = new Map()
  if (!existsSync(dir)) return found
  const newest = new Map()
  for (const entry of readdirSync(dir)) {
    const match = /^\d+-(.+)\.test\.js\.tap$/.exec(entry)
    if (match === null) continue
    const path = join(dir, entry)
    const time = statSync(path).mtimeMs
    if ((newest.get(match[1]) ?? -1) > time) continue
    const last = /# time=([\d.]+)ms\s*$/.exec(readFileSync(path, 'utf8'))
    if (last === null) continue
    newest.set(match[1], time)
    found.set(match[1], Number(last[1]))
  }
  return found
}

/**
 * Writes the files tap runs for the whole suite and answers their paths. A file that sets itself
 * a long time limit runs alone, as tap would run it; the others are shared out over SHARDS files,
 * the costlier first, so that the shards come out about the same size. Each written file imports
 * its test files in turn, then sets its time limit to the sum of theirs (tap's 30 s, or a file's
 * own), after their own settings.
 *
 * tap starts files in the order of their names, as many at once as it has jobs: the names are
 * numbered so that the longest start first (as long as the last run's reports say; without them,
 * the shards, then the files that run alone).
 */
function writeShards (testDir, shardDir) {
  rmSync(shardDir, { recursive: true, force: true })
  mkdirSync(shardDir, { recursive: true })
  const alone = []
  const shared = []
  for (const file of testFiles(testDir)) {
    const text = readFileSync(file, 'utf8')
    const own = /^t\.setTimeout\(([\d_]+)\)/m.exec(text)
    const limit = own === null ? FILE_TIMEOUT_MS : Number(own[1].replaceAll('_', ''))
    // What a file is expected to cost, for sharing them out: its size, more for a file that
    // allows itself more time, and more for a property suite (each property runs many cases).
    const size = text.length * (limit / FILE_TIMEOUT_MS) * (/from ["']fast-check["']/.test(text) ? 4 : 1)
    if (limit > ALONE_OVER_MS) alone.push({ file, limit })
    else shared.push({ file, limit, size })
  }
  const shards = Array.from({ length: SHARDS }, () => ({ size: 0, files: [] }))
  for (const entry of shared.sort((a, b) => b.size - a.size)) {
    const smallest = shards.reduce((min, shard) => shard.size < min.size ? shard : min)
    smallest.size += entry.size
    smallest.files.push(entry)
  }
  // Without the last run's reports the shards start first: each is longer than any file that runs
  // alone, and those, started first, left the shards to end the run with one core idle.
  const groups = [
    ...shards.filter(shard => shard.files.length > 0).map((shard, index) => ({ name: `shard-${index + 1}`, files: shard.files })),
    ...alone.map(entry => ({ name: relative(testDir, entry.file).replace(/\.test\.js$/, '').replace(/[\\/]/g, '-'), files: [entry] }))
  ]
  // Longest first, by what each took in the last run when tap kept its report; else as listed.
  const took = lastDurations(join('.tap', 'test-results', shardDir))
  const order = groups.map((group, index) => ({ group, index, ms: took.get(group.name) }))
  if (order.every(entry => entry.ms !== undefined)) order.sort((a, b) => b.ms - a.ms || a.index - b.index)
  return order.map(({ group: { name, files } }, index) => {
    const path = join(shardDir, `${String(index + 1).padStart(2, '0')}-${name}.test.js`)
    const imports = files.map(({ file }) => `await import(${JSON.stringify('./' + relative(shardDir, file).split('\\').join('/'))})`)
    const limit = files.reduce((sum, entry) => sum + entry.limit, 0)
    const lines = ["import t from 'tap'", ...imports, `t.setTimeout(${limit})`]
    writeFileSync(path, `// Written by test/run-tap.mjs: the test files this process runs, one after the other.\n${lines.join('\n')}\n`)
    return path
  })
}

const argv = process.argv.slice(2)
if (argv[0] === '--build') {
  argv.shift()
  // What `npm run build` does, with the tests compiled in the same tsc run (test/tsconfig.json
  // takes in src and bench), both type checks at once, and tsc's incremental state kept in dist/:
  // a run after a small change re-checks only what the change reaches.
  removeStaleTests(join('dist', 'test'))
  // tsc's incremental state does not notice outputs removed behind its back: start afresh then.
  if (!['src', 'test', 'bench'].every(dir => allCompiled(dir))) rmSync(join('dist', '.tsbuildinfo'), { recursive: true, force: true })
  // Nothing is compiled or bundled again when no input changed since the last build.
  const infos = [join('dist', '.tsbuildinfo', 'test'), join('dist', '.tsbuildinfo', 'ui')]
  const sources = ['src', 'test', 'bench', 'ui', 'tsconfig.json', 'package.json', 'package-lock.json']
  const tsc = join('node_modules', '.bin', 'tsc')
  if (!fresh(infos, sources)) {
    await together('compile', [
      [tsc, ['-p', join('test', 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', infos[0]]],
      [tsc, ['-p', join('ui', 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', infos[1]]]
    ])
    // tsc leaves its state file as it was when nothing changed; it is fresh now all the same.
    const now = new Date()
    for (const info of infos) utimesSync(info, now, now)
  }
  const bundles = ['ui/app.js', 'ui/index.html', 'coc-emulator.mjs', 'index.mjs', 'index.cjs'].map(file => join('dist', file))
  if (!fresh(bundles, ['ui', join('dist', 'src'), join('scripts', 'bundle.mjs'), 'package-lock.json'])) {
    step('ui bundle', process.execPath, [join('ui', 'build.mjs')])
    step('bundle', process.execPath, [join('scripts', 'bundle.mjs')])
  }
}
// Files or folders named on the command line (a flag's value, such as `-R tap`, names no path).
const named = argv.filter(arg => !arg.startsWith('-') && existsSync(arg))
const tapArgs = argv.map(arg => /^test[\\/].*\.test\.ts$/.test(arg) ? join('dist', arg.replace(/\.ts$/, '.js')) : arg)
// The whole suite runs in a few processes rather than one a file: each tap process costs about a
// second of CPU before its first test (its loader, its coverage set-up, the emulator's modules),
// which was most of the run. A file named on the command line still runs on its own.
if (named.length === 0) tapArgs.push(...writeShards(join('dist', 'test'), join('dist', 'shards')))

// tap leaves one core free by default; on this project's 2-core machines that halves the speed.
if (!argv.some(arg => /^(-j|--jobs)/.test(arg))) tapArgs.push(`--jobs=${availableParallelism()}`)

const SUMMARY = '.tap/summary.json'
rmSync(SUMMARY, { force: true })
const tapStarted = performance.now()
const child = spawn(join('node_modules', '.bin', 'tap'), tapArgs, { stdio: 'inherit' })
child.on('exit', (code, signal) => {
  timings.push(`tap ${seconds(tapStarted)}`)
  let line
  try {
    const { pass, fail, skip } = JSON.parse(readFileSync(SUMMARY, 'utf8'))
    line = `${pass} passed, ${fail} failed${skip ? `, ${skip} skipped` : ''}`
  } catch {
    line = 'tap did not report its counts'
  }
  process.stdout.write(`\ntook ${seconds(started)} (${timings.join(', ')})\n${line}\n`)
  process.exitCode = code ?? (signal ? 1 : 0)
})
