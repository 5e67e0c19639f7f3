// Runs tap with the arguments given, then prints one plain closing line for CI:
// "N passed, N failed" (", N skipped" when any were). Exits with tap's own exit code.
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const SUMMARY = '.tap/summary.json'
rmSync(SUMMARY, { force: true })
const child = spawn(join('node_modules', '.bin', 'tap'), process.argv.slice(2), { stdio: 'inherit' })
child.on('exit', (code, signal) => {
  let line
  try {
    const { pass, fail, skip } = JSON.parse(readFileSync(SUMMARY, 'utf8'))
    line = `${pass} passed, ${fail} failed${skip ? `, ${skip} skipped` : ''}`
  } catch {
    line = 'tap did not report its counts'
  }
  process.stdout.write(`\n${line}\n`)
  process.exitCode = code ?? (signal ? 1 : 0)
})
