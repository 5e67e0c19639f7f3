import { executionAsyncResource } from 'node:async_hooks'

/**
 * Holds one of Node's own tick objects (what `process.nextTick` queues) for the life of the
 * process. Imported first by the command and by the package's entry, so that its tick is queued
 * before the rest of their code runs.
 *
 * Why: on Node 20 and 22, `process.nextTick` builds each tick as an object literal that starts
 * with two symbol keys, and V8 remembers the hidden class ("map") each key is added to. Those maps
 * live only as long as some tick does. Once a full garbage collection finds none (an idle moment
 * after start-up is enough), the next tick gets new maps, V8 marks the literal's property sites
 * megamorphic, and from then on every tick's properties are added by V8's runtime instead of by
 * optimised code. Node's HTTP and stream code queues eleven ticks per request: in a CPU profile of
 * GET detail that was 13% of the server's time (`nextTick` as its own cost, about 4 µs a request).
 * A tick that stays alive keeps the maps alive. Node 24 builds ticks differently and is unaffected.
 *
 * It narrows the problem rather than closing it: V8 also replaces a map when a field's kind of
 * value changes, which a held tick cannot prevent. Started ten times and loaded at full speed, the
 * built command's sites turned megamorphic in 6 starts without it and in none with it; under a
 * slow trickle of requests they still did, with it. docs/benchmarks.md has the figures.
 *
 * The tick is queued now and taken from inside its own callback, where it is the resource being
 * run (`executionAsyncResource()`); until then the queue holds it. (Imported inside an
 * AsyncLocalStorage's run(), the tick also keeps that run's store alive.)
 */
let kept: object | undefined
process.nextTick(() => { kept = executionAsyncResource() })

/** The tick object held, once its callback has run. */
export function keptTick (): object | undefined {
  return kept
}
