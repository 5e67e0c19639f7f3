import { CocError } from '../errors.js'
import type { ClockBody, ClockView } from '../schemas/admin.js'
import { EPOCH_MS_MAX } from '../schemas/common.js'

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
    const frozenAt = state.frozen_at ?? null
    const offset = state.offset_ms ?? 0
    // Ticket numbers and history times print the instant as a date: it must have one.
    const instant = (frozenAt ?? this.realNow()) + offset
    if (instant < 0 || instant > EPOCH_MS_MAX) {
      throw new CocError('validation', `offset_ms: the clock would read ${instant}, outside 0 to ${EPOCH_MS_MAX} (1970 to the end of 9999)`)
    }
    this.frozenAt = frozenAt
    this.offset = offset
  }

  reset (): void {
    this.set({})
  }

  state (): ClockView {
    return { now: this.now(), frozen_at: this.frozenAt, offset_ms: this.offset }
  }
}
