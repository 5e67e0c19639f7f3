import { faker as englishFaker } from '@faker-js/faker/locale/en'
import type { Faker, Randomizer } from '@faker-js/faker'

/**
 * A small, fast randomizer for faker (sfc32, seeded through a 32-bit mix of every seed part).
 * faker's own Mersenne Twister spends about 25 µs per re-seed, which the generator does once
 * per ticket; this one re-seeds in well under a microsecond.
 */
function mix (h: number, value: number): number {
  // Both 32-bit halves of the value go in, so large integers seed differently.
  for (const part of [value >>> 0, Math.floor(value / 0x1_0000_0000) >>> 0]) {
    h = Math.imul(h ^ part, 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export function createRandomizer (): Randomizer {
  let a = 0
  let b = 0
  let c = 0
  let d = 1
  function next32 (): number {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  const randomizer: Randomizer = {
    next: () => next32() / 0x1_0000_0000,
    seed (seed) {
      const parts = Array.isArray(seed) ? seed : [seed]
      let h = 0x9e3779b9
      for (const part of parts) h = mix(h, part)
      a = h
      b = mix(h, 1)
      c = mix(h, 2)
      d = 1
      for (let i = 0; i < 12; i++) next32()
    }
  }
  randomizer.seed(0)
  return randomizer
}

/** An English faker of its own, driven by `createRandomizer`. */
export function createFaker (): Faker {
  const FakerClass = englishFaker.constructor as typeof Faker
  return new FakerClass({ locale: englishFaker.rawDefinitions, randomizer: createRandomizer() })
}
