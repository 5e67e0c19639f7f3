import type { Faker } from '@faker-js/faker'
import type { IncidentRecord } from '../schemas/incident.js'
import type { Fixtures } from '../fixtures.js'
import { incidentNumber, warroomId, SUFFIX_SPACE } from '../incident/numbers.js'
import { INCIDENT_LEVELS, INCIDENT_SOURCES, INCIDENT_TYPES } from '../vocab.js'
import { createFaker, type Dice } from './random.js'

/**
 * Synthetic tickets. Ticket i depends only on (seed, i): faker is re-seeded with both before
 * each ticket, and nothing is carried from one ticket to the next. Creation times never come
 * from the clock, so two starts with the same seed serve the same bytes: ticket i was created
 * in the i-th three-minute slot before LATEST_CREATED, newest first. Numbers then arrive in key
 * order, which keeps seeding's index inserts cheap.
 */
export const LATEST_CREATED = Date.UTC(2025, 11, 31, 16, 0, 0)
export const CREATION_SLOT_MS = 3 * 60_000
export const MAX_TICKETS = 1_000_000

const MINUTE = 60_000
const HOUR = 60 * MINUTE

// Suffix = (i * MULTIPLIER + offset(seed)) mod 10^10. MULTIPLIER is coprime with 10^10, so the
// map is a bijection on i: two tickets of one seed never share a suffix, hence never a number.
const MULTIPLIER = 7_919_317
const WARROOM_MULTIPLIER = 3_571_429

function seedOffset (seed: number, salt: bigint): number {
  return Number(((BigInt(seed) + salt) * 2_654_435_761n) % BigInt(SUFFIX_SPACE))
}

const REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1', 'ap-southeast-3', '']
const SYMPTOMS = [
  'high latency on the checkout path', 'elevated 5xx error rate', 'database connection pool exhausted',
  'disk usage above 90%', 'TLS certificate expires in 3 days', 'memory usage keeps growing after release',
  'replication lag above 30 s', 'deployment stuck in rolling update', 'message queue backlog growing',
  'login failures after configuration change', 'DNS resolution errors from VPC', 'CPU throttling on pods',
  'cache hit ratio dropped below 60%', 'scheduled job did not run', 'API gateway rejects signed requests'
]
const SCENES = ['scene_sre_on_call', 'scene_database_duty', 'scene_network_duty']
const ROLES = ['role_primary', 'role_secondary', 'role_manager']

type Status = IncidentRecord['status']

const STATUS_WEIGHTS: Array<{ weight: number, value: Status }> = [
  { weight: 3, value: 'incident_draft' },
  { weight: 20, value: 'INCIDENT_STATUS_TRIGGERED' },
  { weight: 25, value: 'INCIDENT_STATUS_ACKNOWLEDGED' },
  { weight: 7, value: 'INCIDENT_STATUS_REJECTED' },
  { weight: 15, value: 'INCIDENT_STATUS_RESOLVED' },
  { weight: 30, value: 'INCIDENT_STATUS_COMPLETED' }
]
const SOLVED: ReadonlySet<Status> = new Set(['INCIDENT_STATUS_RESOLVED', 'INCIDENT_STATUS_COMPLETED'])

const IMPACTS = [
  'Customers see timeouts', 'Some requests fail with 502', 'Batch jobs are delayed',
  'No customer impact observed yet', 'Internal dashboards show gaps', 'Mobile clients retry repeatedly'
]

function describe (faker: Faker, dice: Dice, appName: string, region: string): string {
  const where = region === '' ? 'all regions' : region
  return `${dice.pick(IMPACTS)} on ${appName} in ${where}. ` +
    `Suspected cause: ${faker.hacker.adjective()} ${faker.hacker.noun()}, ${faker.hacker.ingverb()} the ${faker.hacker.noun()}.`
}

type TicketGenerator = (index: number) => IncidentRecord

export function createGenerator (seed: number, directory: Pick<Fixtures, 'users' | 'applications'>, domainId: string): TicketGenerator {
  const userIds = [...directory.users.keys()]
  const appIds = [...directory.applications.keys()]
  const levelKeys = INCIDENT_LEVELS.map(l => l.key)
  const typeKeys = INCIDENT_TYPES.map(t => t.key)
  const sourceWeights = [
    { weight: 6, value: INCIDENT_SOURCES[0]!.key },
    { weight: 1, value: INCIDENT_SOURCES[1]!.key },
    { weight: 3, value: INCIDENT_SOURCES[2]!.key }
  ]
  const { faker, dice } = createFaker()
  const offset = seedOffset(seed, 0n)
  const warroomOffset = seedOffset(seed, 1n)

  return function generate (index: number): IncidentRecord {
    if (!Number.isInteger(index) || index < 0 || index >= MAX_TICKETS) {
      throw new RangeError(`ticket index must be an integer in [0, ${MAX_TICKETS}): ${index}`)
    }
    faker.seed([seed, index])
    const createTime = LATEST_CREATED - index * CREATION_SLOT_MS - dice.int(1, CREATION_SLOT_MS - 1)
    const status = dice.weighted(STATUS_WEIGHTS)
    const level = dice.pick(levelKeys)
    const app = dice.pick(appIds)
    const appName = directory.applications.get(app)!.name_en
    const region = dice.pick(REGIONS)
    const interrupted = dice.chance(0.3)
    const byRole = dice.chance(0.2)
    const solved = SOLVED.has(status)
    const handleTime = solved ? createTime + dice.int(10 * MINUTE, 72 * HOUR) : null
    const severe = level === 'level_10' || level === 'level_20'
    const warroomAt = severe && status !== 'incident_draft' && dice.chance(0.6)
      ? createTime + dice.int(MINUTE, HOUR)
      : null

    const record: IncidentRecord = {
      incident_num: incidentNumber(createTime, (index * MULTIPLIER + offset) % SUFFIX_SPACE),
      domain_id: domainId,
      region: [region],
      enterprise_project: ['0'],
      current_cloud_service: [app],
      incident_level: level,
      is_service_interrupt: interrupted,
      incident_type: dice.pick(typeKeys),
      incident_title: `${appName}: ${dice.pick(SYMPTOMS)}`.slice(0, 200),
      incident_description: describe(faker, dice, appName, region).slice(0, 600),
      incident_source: dice.weighted(sourceWeights),
      incident_assignee: byRole ? [] : [dice.pick(userIds)],
      assignee_scene: byRole ? dice.pick(SCENES) : '',
      assignee_role: byRole ? dice.pick(ROLES) : '',
      warroom_id: warroomAt === null ? '' : warroomId(warroomAt, (index * WARROOM_MULTIPLIER + warroomOffset) % SUFFIX_SPACE),
      handle_time: handleTime,
      status,
      create_time: createTime,
      creator: dice.pick(userIds)
    }
    if (interrupted) {
      record.start_time = createTime - dice.int(0, HOUR)
      if (handleTime !== null) record.fault_recovery_time = handleTime - dice.int(0, 5 * MINUTE)
    }
    return record
  }
}

/** Tickets 0..count-1 of a seed, lazily. */
export function * generateTickets (generate: TicketGenerator, count: number): Generator<IncidentRecord> {
  for (let i = 0; i < count; i++) yield generate(i)
}
