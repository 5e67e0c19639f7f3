// Runs tap with the arguments given, then prints one plain closing line for CI:
// "N passed, N failed" (", N skipped" when any were), after one saying how long the whole command took.
// Exits with tap's own exit code.
//
// tap runs the tests as tsc compiled them (dist/test/**/*.test.js, with source maps back to the
// .ts lines), not through a TypeScript loader in every test process: that loader was most of the
// run's time. With --build it first builds the emulator and compiles the tests, so `npm test`
// is one timed command; --build-only does that alone. A test named by its source path (test/x.test.ts) runs as its compiled file.
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

/** tap's own limit for one test file. */
const FILE_TIMEOUT_MS = 30_000

/**
 * Writes the files tap runs for the whole suite, one a job, and answers their paths. Each is a
 * worker: it takes the next test file nobody has taken from one shared queue, imports it, waits
 * for its tests to end, and takes the next, until none is left; a test file is taken by creating
 * its claim file, which only one worker can. So the work shares itself out as it goes, whatever
 * each file costs, and no worker ends long after the others. (Fixed shards of files weighed by
 * size ended 13 s apart.) The queue starts with the costliest files as far as can be told before
 * running them: those that allow themselves more than tap's 30 s (packing, the image steps, the
 * browser), then the others by size, with property suites counted four times.
 *
 * Each file keeps its own time limit: the worker sets tap's limit to the file's before importing it
 * (a file that sets its own sets the same), so a stuck file fails as it would on its own.
 */
function writeWorkers (testDir, workerDir, workers) {
  rmSync(workerDir, { recursive: true, force: true })
  mkdirSync(join(workerDir, 'claims'), { recursive: true })
  const queue = testFiles(testDir).map(file => {
    const text = readFileSync(file, 'utf8')
    const own = /^t\.setTimeout\(([\d_]+)\)/m.exec(text)
    const limit = own === null ? FILE_TIMEOUT_MS : Number(own[1].replaceAll('_', ''))
    const cost = (limit > FILE_TIMEOUT_MS ? Number.MAX_SAFE_INTEGER / 2 : 0) + text.length * (/from ["']fast-check["']/.test(text) ? 4 : 1)
    return { path: './' + relative(workerDir, file).split('\\').join('/'), limit, cost }
  }).sort((a, b) => b.cost - a.cost).map(({ path, limit }) => ({ path, limit }))
  writeFileSync(join(workerDir, 'queue.json'), JSON.stringify(queue, null, 1))
  const worker = `// Written by test/run-tap.mjs: takes test files from queue.json until none is left.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import t from 'tap'
const queue = JSON.parse(readFileSync(new URL('./queue.json', import.meta.url), 'utf8'))
const me = import.meta.url.slice(import.meta.url.lastIndexOf('/') + 1)
// A claim names the file taken and the worker that took it.
const take = index => {
  let fd
  try {
    fd = openSync(new URL(\`./claims/\${index}\`, import.meta.url), 'wx')
  } catch {
    return false
  }
  writeSync(fd, \`\${queue[index].path} \${me}\\n\`)
  closeSync(fd)
  return true
}
for (const [index, { path, limit }] of queue.entries()) {
  if (!take(index)) continue
  t.setTimeout(limit)
  await import(path)
  // Resolves once the file's tests, queued before it, have ended; it prints and counts nothing.
  await t.test(path, { silent: true }, async () => {})
}
`
  return Array.from({ length: workers }, (_, i) => {
    const path = join(workerDir, `worker-${i + 1}.test.js`)
    writeFileSync(path, worker)
    return path
  })
}

const argv = process.argv.slice(2)
// --build-only builds as --build does and stops: `npm install` runs it (the prepare script), so a
// fresh checkout's first `npm test` finds everything built.
const buildOnly = argv[0] === '--build-only'
if (argv[0] === '--build' || buildOnly) {
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
      [tsc, ['-p', join('ui', 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', infos[1]]],
      // A fresh checkout has not built tap's plugins (tap.plugin in package.json) yet: tap would
      // do it at its start, about 5 s, so it is done here, beside the compiler, which leaves a
      // core idle most of the time.
      ...(existsSync(join('.tap', 'plugins')) ? [] : [[join('node_modules', '.bin', 'tap'), ['build']]])
    ])
    // tsc leaves its state file as it was when nothing changed; it is fresh now all the same.
    const now = new Date()
    for (const info of infos) utimesSync(info, now, now)
  }
  const bundles = ['ui/app.js', 'ui/index.html', 'coc-emulator.mjs', 'index.mjs', 'index.cjs'].map(file => join('dist', file))
  if (!fresh(bundles, ['ui', join('dist', 'src'), join('scripts', 'bundle.mjs'), join('scripts', 'esm-banner.mjs'), 'package-lock.json'])) {
    step('ui bundle', process.execPath, [join('ui', 'build.mjs')])
    step('bundle', process.execPath, [join('scripts', 'bundle.mjs')])
  }
}
if (buildOnly) {
  process.stdout.write(`built in ${seconds(started)}${timings.length > 0 ? ` (${timings.join(', ')})` : ': nothing had changed'}\n`)
  process.exit(0)
}
// Files or folders named on the command line (a flag's value, such as `-R tap`, names no path).
const named = argv.filter(arg => !arg.startsWith('-') && existsSync(arg))
const tapArgs = argv.map(arg => /^test[\\/].*\.test\.ts$/.test(arg) ? join('dist', arg.replace(/\.ts$/, '.js')) : arg)
// The whole suite runs in a few processes rather than one a file: each tap process costs about a
// second of CPU before its first test (its loader, its coverage set-up, the emulator's modules),
// which was most of the run. A file named on the command line still runs on its own.
// tap leaves one core free by default; on this project's 2-core machines that halves the speed.
const jobs = argv.map(arg => /^(?:-j|--jobs=?)(\d*)$/.exec(arg)).find(match => match !== null)
if (jobs === undefined) tapArgs.push(`--jobs=${availableParallelism()}`)
if (named.length === 0) tapArgs.push(...writeWorkers(join('dist', 'test'), join('dist', 'shards'), Number(jobs?.[1] || availableParallelism())))

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
