import { existsSync, readdirSync, readlinkSync } from 'node:fs'

/** tap's `skip` for a test that reads the process's open files from /proc (Linux). */
export const NEEDS_PROC: string | false = existsSync('/proc/self/fd') ? false : 'needs /proc'

/** The files this process holds open under `folder`, as /proc names them. */
export function openFilesUnder (folder: string): string[] {
  return readdirSync('/proc/self/fd').flatMap(fd => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      return target.startsWith(folder) ? [target] : []
    } catch {
      return []
    }
  })
}

/**
 * Points os.tmpdir() (which reads TMPDIR on every call) where the test says, as often as it says,
 * and puts the variable back as it was when the test ends.
 */
export function tmpdirSetter (t: { teardown: (fn: () => void) => void }): (folder: string) => void {
  const before = process.env.TMPDIR
  t.teardown(() => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
  })
  return folder => { process.env.TMPDIR = folder }
}
