import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder holding package.json and fixtures/, whether running from src/ or dist/. */
function findProjectRoot (from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'fixtures'))) {
    const parent = dirname(dir)
    /* c8 ignore next */
    if (parent === dir) throw new Error(`no project root (package.json beside fixtures/) above ${from}`)
    dir = parent
  }
  return dir
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)))
export const DEFAULT_FIXTURES_DIR = join(PROJECT_ROOT, 'fixtures')
/** The dashboard's built assets (`npm run build` writes them from ui/). */
export const UI_DIR = join(PROJECT_ROOT, 'dist', 'ui')
