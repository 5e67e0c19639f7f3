import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorEnvelope, JSON_TYPE } from '../errors.js'
import type { FaultBody, FaultView } from '../schemas/admin.js'
import { matchesPath } from './request-facts.js'

/** A fault as `/__admin/faults` takes it. */
type FaultSpec = FaultBody

/** A fault as it is kept and listed: with its id, how often it answered (`matched`) and how many more it will (`remaining`, null: until removed). */
type Fault = FaultView

/** The code sent when a fault names only a status: 503 gives GOM.00005030, as the error table does. */
export function defaultErrorCode (status: number): string {
  return `GOM.0000${status}0`
}

/** Told of each connection a fault drops (no response is sent, so nothing else sees it end). */
type DropListener = (request: FastifyRequest, reply: FastifyReply) => void

type Done = (err?: Error) => void

/** Used-up faults kept readable: the most recent ones. */
export const MAX_SPENT = 1000

/**
 * Injected faults, tried in the order they were added: the first that matches a request's
 * method, path and (when it names one) incident ticket answers it, and counts one use.
 */
export class Faults {
  private faults: Fault[] = []
  /** Faults used up by `times`: no longer matched or listed, but GET /__admin/faults/{id} still shows their counters. */
  private spent: Fault[] = []
  private nextId = 1
  private readonly pending = new Map<NodeJS.Timeout, () => void>()

  constructor (private readonly dropped: DropListener) {}

  get size (): number {
    return this.faults.length
  }

  add (spec: FaultSpec): Fault {
    const fault: Fault = { id: `fault-${this.nextId++}`, ...spec, matched: 0, remaining: spec.times ?? null }
    this.faults.push(fault)
    return fault
  }

  list (): Fault[] {
    return this.faults.map(fault => ({ ...fault }))
  }

  get (id: string): Fault | undefined {
    const fault = this.faults.find(f => f.id === id) ?? this.spent.find(f => f.id === id)
    return fault === undefined ? undefined : { ...fault }
  }

  remove (id: string): boolean {
    const before = this.faults.length + this.spent.length
    this.faults = this.faults.filter(fault => fault.id !== id)
    this.spent = this.spent.filter(fault => fault.id !== id)
    return this.faults.length + this.spent.length < before
  }

  /** Removes every fault; a reset (`restartIds`) also numbers the next ones from fault-1 again, as tickets are. */
  clear (restartIds = false): void {
    this.faults = []
    this.spent = []
    if (restartIds) this.nextId = 1
  }

  /**
   * The first fault for this request. `incident` is the ticket the request names, or
   * undefined when it is not known yet (it is in a body not read yet): faults that name a
   * ticket are then left for a later call, and `deferred` says whether one could apply.
   */
  match (method: string, path: string, incident: string | undefined, known: boolean): { fault: Fault | undefined, deferred: boolean } {
    let deferred = false
    for (const fault of this.faults) {
      if (fault.method !== '*' && fault.method !== method) continue
      if (!matchesPath(fault.path, path)) continue
      if (fault.incident_num !== undefined) {
        if (!known) {
          deferred = true
          continue
        }
        if (fault.incident_num !== incident) continue
      }
      this.use(fault)
      return { fault, deferred: false }
    }
    return { fault: undefined, deferred }
  }

  private use (fault: Fault): void {
    fault.matched++
    if (fault.remaining !== null && --fault.remaining === 0) {
      this.faults = this.faults.filter(f => f !== fault)
      this.spent.push(fault)
      if (this.spent.length > MAX_SPENT) this.spent.shift()
    }
  }

  /** Applies a fault from a hook: waits, then answers, drops the connection or lets the request go on. */
  apply (fault: Fault, request: FastifyRequest, reply: FastifyReply, done: Done): void {
    request.faultId = fault.id
    const act = (): void => {
      if (fault.drop === true) {
        reply.hijack()
        this.dropped(request, reply)
        request.raw.socket?.destroy()
        return
      }
      if (fault.status !== undefined) {
        const code = fault.error_code ?? defaultErrorCode(fault.status)
        reply.cocErrorCode = code
        void reply.code(fault.status).type(JSON_TYPE)
          .send(errorEnvelope(code, fault.error_msg ?? `injected fault ${fault.id}: ${fault.method} ${fault.path}`))
        return
      }
      done()
    }
    if (fault.delay_ms === undefined || fault.delay_ms === 0) {
      act()
      return
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer)
      act()
    }, fault.delay_ms)
    this.pending.set(timer, act)
  }

  /** Ends every delay now (shutting down finishes requests in flight instead of waiting). */
  flushDelays (): void {
    for (const [timer, act] of this.pending) {
      clearTimeout(timer)
      this.pending.delete(timer)
      act()
    }
  }
}
