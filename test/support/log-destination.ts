import type { ByteDestination } from '../../src/log-batch.js'

/** A log batch's destination that records each chunk it is handed, and each flush. */
export function recording (): ByteDestination & { writes: Buffer[], flushes: number, started: number, text: () => string } {
  const out = {
    writes: [] as Buffer[],
    flushes: 0,
    started: 0,
    write (chunk: Buffer) { out.writes.push(chunk); return true },
    flush (done?: () => void) { out.started++; done?.() },
    flushSync () { out.flushes++ },
    text: () => Buffer.concat(out.writes).toString('utf8')
  }
  return out
}
