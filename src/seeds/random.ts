import { faker as englishFaker } from '@faker-js/faker/locale/en'
import type { Faker, Randomizer } from '@faker-js/faker'

/**
 * A small, fast randomizer for faker (sfc32, seeded through a 32-bit mix of every seed part).
 * faker's own Mersenne Twister spends about 25 µs per re-seed, which the generator does once
 * per ticket; this one re-seeds in well under a microsecond.
 */
function mix32 (h: number, part: number): number {
  h = Math.imul(h ^ part, 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

// Both 32-bit halves of the value go in, so large integers seed differently.
function mix (h: number, value: number): number {
  return mix32(mix32(h, value >>> 0), Math.floor(value / 0x1_0000_0000) >>> 0)
}

function createRandomizer (): Randomizer {
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
      let h = 0x9e3779b9
      if (typeof seed === 'number') h = mix(h, seed)
      else for (const part of seed) h = mix(h, part)
      a = h
      b = mix(h, 1)
      c = mix(h, 2)
      d = 1
      for (let i = 0; i < 8; i++) next32()
    }
  }
  randomizer.seed(0)
  return randomizer
}

/** Cheap draws on the same randomizer as faker's; faker's own helpers validate every call. */
export interface Dice {
  int (min: number, max: number): number
  pick<T> (list: readonly T[]): T
  chance (probability: number): boolean
  weighted<T> (list: ReadonlyArray<{ weight: number, value: T }>): T
}

/** An English faker of its own and dice, both driven by one `createRandomizer`. */
export function createFaker (): { faker: Faker, dice: Dice } {
  const randomizer = createRandomizer()
  const FakerClass = englishFaker.constructor as typeof Faker
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions, randomizer })
  const dice: Dice = {
    int: (min, max) => min + Math.floor(randomizer.next() * (max - min + 1)),
    pick: list => list[Math.floor(randomizer.next() * list.length)]!,
    chance: probability => randomizer.next() < probability,
    weighted (list) {
      let total = 0
      for (const entry of list) total += entry.weight
      let roll = randomizer.next() * total
      let chosen = list[list.length - 1]!.value
      for (const entry of list) {
        roll -= entry.weight
        if (roll < 0) {
          chosen = entry.value
          break
        }
      }
      return chosen
    }
  }
  return { faker, dice }
}
