import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { parse as parseYaml } from 'yaml'
import { checkFault } from './admin/fault-rules.js'
import { insertTickets } from './admin/tickets.js'
import { rejectUnknownKeys } from './admin/unknown-keys.js'
import { credentialEntry, tokenEntry, type Fixtures } from './fixtures.js'
import { Scenario } from './schemas/scenario.js'
import type { Clock } from './admin/clock.js'
import type { Faults } from './admin/faults.js'
import { isStoreFull, type IncidentStore } from './stores/incident-store.js'


const SCENARIO_KEYS = Object.keys(Scenario.properties)

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

/** A scenario and where it came from (a file path, or `scenario[i]` for an object). */
export interface LoadedScenario {
  where: string
  scenario: Scenario
}

/** Checks a parsed scenario; every message names `where`, the path in it and the rule. */
function checkScenario (where: string, value: unknown): Scenario {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${where}: a scenario is an object with any of ${SCENARIO_KEYS.join(', ')}`)
  }
  const unknown = Object.keys(value).filter(key => !SCENARIO_KEYS.includes(key))
  if (unknown.length > 0) {
    throw new ScenarioError(`${where}: unknown top-level key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ` +
      `a scenario holds ${SCENARIO_KEYS.join(', ')} (alarms come from the seed and /__admin/alarms, war rooms from a ticket's warroom_id and the COC routes, applications from the fixtures and /__admin/applications, categories from the fixtures and /__admin/categories)`)
  }
  const error = Value.Errors(Scenario, value).First()
  if (error !== undefined) throw new ScenarioError(`${where}: at ${error.path}: ${error.message}`)
  const scenario = value as Scenario
  try {
    rejectUnknownKeys(Scenario, scenario)
    scenario.faults?.forEach((fault, i) => {
      try {
        checkFault(fault)
      } catch (err) {
        throw new Error(`faults[${i}].${(err as Error).message}`)
      }
    })
    scenario.tokens?.forEach((token, i) => tokenEntry(token, `at /tokens/${i}`))
  } catch (err) {
    throw new ScenarioError(`${where}: ${(err as Error).message}`)
  }
  return scenario
}

/** Reads a scenario file: YAML when it ends in .yaml or .yml, JSON otherwise. */
function readScenario (file: string): Scenario {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ScenarioError(`${file}: ${(err as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) ? parseYaml(text) : JSON.parse(text)
  } catch (err) {
    throw new ScenarioError(`${file}: not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`)
  }
  return checkScenario(file, parsed)
}

/** Reads every file and checks every object, in order; the first problem throws. */
export function loadScenarios (sources: ReadonlyArray<string | Scenario>): LoadedScenario[] {
  return sources.map((source, i) => typeof source === 'string'
    ? { where: source, scenario: readScenario(source) }
    : { where: `scenario[${i}]`, scenario: checkScenario(`scenario[${i}]`, structuredClone(source)) })
}

type Writable<M> = M extends ReadonlyMap<infer K, infer V> ? Map<K, V> : never

/** Puts the scenarios' users, tokens and credentials in the live fixtures, over the base ones. */
export function applyIdentities (live: Fixtures, base: Fixtures, loaded: readonly LoadedScenario[]): void {
  const users = live.users as Writable<Fixtures['users']>
  const tokens = live.tokens as Writable<Fixtures['tokens']>
  const credentials = live.credentials as Writable<Fixtures['credentials']>
  for (const [map, from] of [[users, base.users], [tokens, base.tokens], [credentials, base.credentials]] as const) {
    map.clear()
    for (const [key, entry] of from) (map as Map<string, unknown>).set(key, entry)
  }
  for (const { scenario } of loaded) {
    for (const user of scenario.users ?? []) users.set(user.user_id, user)
    scenario.tokens?.forEach((token, i) => tokens.set(token.token, tokenEntry(token, `at /tokens/${i}`)))
    for (const credential of scenario.credentials ?? []) credentials.set(credential.ak, credentialEntry(credential))
  }
}

/** What applying a scenario's state touches. */
interface ScenarioTarget {
  incidentStore: IncidentStore
  clock: Clock
  faults: Faults
}

/** Sets the clock, inserts the tickets and adds the faults of each scenario in turn. */
export function applyState (target: ScenarioTarget, loaded: readonly LoadedScenario[]): void {
  for (const { where, scenario } of loaded) {
    if (scenario.clock !== undefined) target.clock.set(scenario.clock)
    if (scenario.tickets !== undefined && scenario.tickets.length > 0) {
      try {
        insertTickets(target.incidentStore, scenario.tickets, target.clock.now())
      } catch (err) {
        // A store with no room is no fault of the scenario's (the 507 of src/plugins/error-handler.ts).
        if (isStoreFull(err)) throw err
        throw new ScenarioError(`${where}: ${(err as Error).message}`)
      }
    }
    for (const fault of scenario.faults ?? []) target.faults.add(fault)
  }
}
