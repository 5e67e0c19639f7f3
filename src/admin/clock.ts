/** What `/__admin/clock` reports and accepts. */
export interface ClockState {
  /** The instant the clock is frozen at, or null when it runs. */
  frozen_at: number | null
  /** Added to the running (or frozen) time. */
  offset_ms: number
}

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
  set (state: Partial<ClockState>): void {
    this.frozenAt = state.frozen_at ?? null
    this.offset = state.offset_ms ?? 0
  }

  reset (): void {
    this.set({})
  }

  state (): ClockState & { now: number } {
    return { now: this.now(), frozen_at: this.frozenAt, offset_ms: this.offset }
  }
}
