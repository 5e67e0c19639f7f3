// `npm run dev -- [options]`: rebuilds the command from src/ on every change (esbuild, no type
// check; `npm run build` checks types) and restarts it (node --watch).
import { spawn } from 'node:child_process'
import { context } from 'esbuild'
import { ESM_BANNER } from './esm-banner.mjs'

const ctx = await context({
  entryPoints: ['src/server.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'pino-pretty'],
  outfile: 'dist/coc-emulator.mjs',
  banner: { js: ESM_BANNER },
  logLevel: 'info'
})
await ctx.rebuild()
await ctx.watch()
const child = spawn(process.execPath, ['--watch', 'dist/coc-emulator.mjs', ...process.argv.slice(2)], { stdio: 'inherit' })
const stop = () => { child.kill('SIGTERM'); void ctx.dispose() }
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
child.on('exit', code => { void ctx.dispose(); process.exitCode = code ?? 0 })
