// Runs tap with the arguments given, then prints one plain closing line for CI:
// "N passed, N failed" (", N skipped" when any were), after one saying how long the whole command took.
// Exits with tap's own exit code.
//
// tap runs the tests as tsc compiled them (dist/test/**/*.test.js, with source maps back to the
// .ts lines), not through a TypeScript loader in every test process: that loader was most of the
// run's time. With --build it first builds the emulator and compiles the tests, so `npm test`
// is one timed command. A test named by its source path (test/x.test.ts) runs as its compiled file.
import { spawnSync, spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const started = performance.now()
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
const timings = []

function step (name, command, args) {
  const from = performance.now()
  const { status, signal } = spawnSync(command, args, { stdio: 'inherit' })
  timings.push(`${name} ${seconds(from)}`)
  if (status !== 0) {
    process.stdout.write(`\n${name} failed (${signal ?? `exit ${status}`}) after ${seconds(started)}\n`)
    process.exit(status || 1)
  }
}

const argv = process.argv.slice(2)
if (argv[0] === '--build') {
  argv.shift()
  step('build', 'npm', ['run', 'build', '--silent'])
  // A deleted or renamed test must not keep running from a stale compiled copy.
  rmSync(join('dist', 'test'), { recursive: true, force: true })
  step('compile tests', join('node_modules', '.bin', 'tsc'), ['-p', join('test', 'tsconfig.json')])
}
const tapArgs = argv.map(arg => /^test[\\/].*\.test\.ts$/.test(arg) ? join('dist', arg.replace(/\.ts$/, '.js')) : arg)

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
