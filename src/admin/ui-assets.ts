import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface Asset {
  type: string
  body: Buffer
  /** The same bytes gzipped once, for clients that accept it. */
  gzip: Buffer
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml'
}

/**
 * The dashboard's files, read once into memory: a handful of small files, so no static-file
 * plugin is needed. Null when the assets have not been built.
 */
export function loadUiAssets (dir: string): ReadonlyMap<string, Asset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null
  const assets = new Map<string, Asset>()
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)]
    if (type === undefined) continue
    const body = readFileSync(join(dir, name))
    assets.set(name, { type, body, gzip: gzipSync(body, { level: 9 }) })
  }
  return assets
}
