// `npm start`: runs the built command, building it first only when a source file is newer
// than the bundle (after `npm ci`, `prepare` has built it already).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundle = join(root, 'dist', 'coc-emulator.mjs')

function newest (path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map(name => newest(join(path, name))))
}

const sources = ['src', 'package.json', 'tsconfig.json'].map(name => join(root, name)).filter(existsSync)
if (!existsSync(bundle) || Math.max(...sources.map(newest)) > statSync(bundle).mtimeMs) {
  process.stderr.write('coc-emulator: sources changed since the last build; building\n')
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const { main } = await import(pathToFileURL(bundle).href)
main(process.argv.slice(2), process.env).then(code => {
  if (code !== undefined) process.exitCode = code
}, err => {
  process.stderr.write(`coc-emulator: ${err.stack ?? String(err)}\n`)
  process.exitCode = 1
})
