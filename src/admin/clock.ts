import type { ClockBody, ClockView } from '../schemas/admin.js'

/**
 * The emulator's clock: create times, ticket numbers and history times read it, so a test can
 * freeze or shift it and get the same values each run. Signature dates are checked against
 * real time, as the real service does.
 */
export class Clock {
  private frozenAt: number | null = null
  private offset = 0
  constructor (private readonly realNow: () => number = Date.now) {}

  now (): number {
    return (this.frozenAt ?? this.realNow()) + this.offset
  }

  /** Replaces the state: a missing `frozen_at` lets the clock run, a missing `offset_ms` is 0. */
  set (state: ClockBody): void {
    this.frozenAt = state.frozen_at ?? null
    this.offset = state.offset_ms ?? 0
  }

  reset (): void {
    this.set({})
  }

  state (): ClockView {
    return { now: this.now(), frozen_at: this.frozenAt, offset_ms: this.offset }
  }
}
