import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { INCIDENT_STATUSES } from '../../src/vocab.js'

/** A local time, with the raw millisecond value on hover. */
export function Time ({ ms }: { ms: number | null | undefined }) {
  if (ms === null || ms === undefined) return <span class='muted'>—</span>
  const date = new Date(ms)
  return <time dateTime={date.toISOString()} title={`${ms} ms`}>{date.toLocaleString()}</time>
}

export function StatusBadge ({ status }: { status: string }) {
  const name = INCIDENT_STATUSES.find(entry => entry.key === status)?.en ?? status
  return <span class={`badge status-${name.toLowerCase()}`} title={status}>{name}</span>
}

export function ErrorNote ({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null
  return <p class='error' role='alert'>{error instanceof Error ? error.message : String(error)}</p>
}

export function Empty ({ children }: { children: ComponentChildren }) {
  return <div class='empty'>{children}</div>
}

/** Reruns `load` every `ms` while the page is visible; `ms` 0 loads once. */
export function usePolling<T> (load: () => Promise<T>, ms: number, deps: unknown[]): { data: T | undefined, error: unknown, reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    const run = () => {
      load().then(value => { if (live) { setData(value); setError(null) } }, err => { if (live) setError(err) })
    }
    run()
    const timer = ms > 0 ? setInterval(() => { if (document.visibilityState === 'visible') run() }, ms) : undefined
    return () => { live = false; if (timer !== undefined) clearInterval(timer) }
  }, [...deps, tick])
  return { data, error, reload: () => setTick(n => n + 1) }
}

export function formatDuration (ms: number): string {
  const s = Math.floor(ms / 1000)
  const parts = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'min'], [s % 60, 's']] as const
  const shown = parts.filter(([n]) => n > 0).slice(0, 2)
  return shown.length === 0 ? `${ms} ms` : shown.map(([n, unit]) => `${n} ${unit}`).join(' ')
}
