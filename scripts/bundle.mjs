// Bundles the compiled code (dist/src, from tsc) into the files the package runs:
//   dist/coc-emulator.mjs  the command (bin)
//   dist/index.mjs         the programmatic API for `import`
//   dist/index.cjs         the same for `require`
// better-sqlite3 (a native module) and pino-pretty (loaded only for readable logs) stay outside.
import { build } from 'esbuild'
import { ESM_BANNER } from './esm-banner.mjs'

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pino-pretty'],
  logLevel: 'warning',
  sourcemap: false
}

await Promise.all([
  build({ ...common, entryPoints: ['dist/src/server.js'], format: 'esm', outfile: 'dist/coc-emulator.mjs', banner: { js: ESM_BANNER } }),
  build({ ...common, entryPoints: ['dist/src/index.js'], format: 'esm', outfile: 'dist/index.mjs', banner: { js: ESM_BANNER } }),
  build({
    ...common,
    entryPoints: ['dist/src/index.js'],
    format: 'cjs',
    outfile: 'dist/index.cjs',
    // The code finds its fixtures from its own location (import.meta.url), which CommonJS lacks.
    define: { 'import.meta.url': '__coc_module_url' },
    banner: { js: "const __coc_module_url = require('node:url').pathToFileURL(__filename).href;" }
  })
])
