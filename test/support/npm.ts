import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { PROJECT_ROOT } from '../../src/paths.js'

export const run = promisify(execFile)

/**
 * The environment for processes that run the packed package or the tools around it (npm, npx,
 * test runners, tsc): this one's, with tap's coverage off, as `tap --disable-coverage` turns it
 * off. Coverage would instrument every one of them while none runs the code it counts (dist/src).
 */
export const TOOL_ENV: NodeJS.ProcessEnv = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' }

/** better-sqlite3's compiled module, relative to a project folder. */
export const NATIVE = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')

/** Runs npm in `cwd` as the npm running the tests (npm_execpath), else the one on PATH. */
export async function npm (cwd: string, ...args: string[]): Promise<string> {
  const cli = process.env.npm_execpath
  const { stdout } = cli !== undefined && /npm-cli\.js$/.test(cli)
    ? await run(process.execPath, [cli, ...args], { cwd, env: TOOL_ENV, maxBuffer: 16 * 1024 * 1024 })
    : await run('npm', args, { cwd, env: TOOL_ENV, maxBuffer: 16 * 1024 * 1024 })
  return stdout
}

/** Puts this checkout's compiled better-sqlite3 into `project`, instead of compiling it for 45 s. */
export function copyNativeModule (project: string): void {
  mkdirSync(dirname(join(project, NATIVE)), { recursive: true })
  copyFileSync(join(PROJECT_ROOT, NATIVE), join(project, NATIVE))
}

/**
 * A folder for an installed copy of the package, outside this checkout: inside it, Node and tsc
 * would find what the copy lacks (fastify, type packages) in the checkout's node_modules, and a
 * missing dependency or a shipped type that names one would pass unnoticed. It is removed when
 * `t` ends; `files` are written into it first.
 */
export function outsideCheckout (t: { teardown: (fn: () => void) => void }, files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'coc-emulator-')))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (let up = dir; up !== dirname(up); up = dirname(up)) {
    if (existsSync(join(up, 'node_modules')) || up === PROJECT_ROOT) throw new Error(`${dir} is not apart from ${up}, which holds node_modules`)
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}
