import type Database from 'better-sqlite3'
import type { Fixtures } from '../fixtures.js'
import { DEFAULT_DOMAIN_ID } from '../fixtures.js'
import { alarmId, SUFFIX_SPACE } from '../incident/numbers.js'
import { ALARM_IMPORTANCE, type AlarmInfo } from '../schemas/alarm.js'
import { LATEST_CREATED } from '../seeds/generate.js'
import { createFaker } from '../seeds/random.js'
import { openAlarmStore } from '../stores/alarm-store.js'

/** Alarms each seed adds beside the fixture alarm. */
export const SEEDED_ALARMS = 50
/** The alarm every seeded state has (the OpenAPI examples and the README use it). */
export const EXAMPLE_ALARM_ID = 'AL202403181330000000000001'

const ALARM_SLOT_MS = 7 * 60_000
const MULTIPLIER = 6_543_217
const SOURCES = [
  { zh: '云监控服务', en: 'CES' },
  { zh: '应用运维管理', en: 'AOM' },
  { zh: '云日志服务', en: 'LTS' }
]
const SYMPTOMS = [
  'CPU usage above 90%', 'memory usage above 85%', 'disk usage above 90%', 'HTTP 5xx rate above 1%',
  'p99 latency above 2 s', 'instance unreachable', 'queue backlog above 10,000', 'certificate expires soon'
]
const REGIONS = ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1']

/** A complete alarm from the fields given; the rest are those of a new, unhandled alarm. */
export function alarmOf (fields: Partial<AlarmInfo> & Pick<AlarmInfo, 'id' | 'name' | 'create_time'>): AlarmInfo {
  return {
    importance: 'Major',
    come_from: '',
    come_from_en: '',
    transfer_rule: '',
    transfer_rule_name: '',
    app: '',
    status: 'UNHANDLED',
    owner: '',
    owner_name: '',
    owner_alias: '',
    converge_count: 1,
    associate_event_id: '',
    domain_id: DEFAULT_DOMAIN_ID,
    creator: '',
    creator_name: '',
    update_time: fields.create_time,
    remarks: '',
    region: '',
    task_type: '',
    associated_task_type: '',
    associated_task_id: '',
    associated_task_name: '',
    ...fields
  }
}

/** Alarm i of a seed depends only on (seed, i), as tickets do. */
export function generateAlarms (seed: number, directory: Pick<Fixtures, 'users' | 'applications'>, count = SEEDED_ALARMS): AlarmInfo[] {
  // Fixture lists may be empty (the programmatic API replaces them): a stand-in keeps seeding total.
  const users = directory.users.size > 0 ? [...directory.users.values()] : [{ user_id: 'system', name: 'system' }]
  const apps = directory.applications.size > 0 ? [...directory.applications.values()] : [{ id: 'app001', name_zh: 'app001', name_en: 'app001' }]
  const { faker, dice } = createFaker()
  const offset = (seed * 2_654_435_761 + 17) % SUFFIX_SPACE
  const alarms: AlarmInfo[] = [alarmOf({
    id: EXAMPLE_ALARM_ID,
    name: 'COC: CPU usage above 90%',
    importance: 'Critical',
    come_from: SOURCES[0]!.zh,
    come_from_en: SOURCES[0]!.en,
    app: '6470681a31da2a47ed50a919',
    region: 'cn-north-4',
    create_time: Date.UTC(2024, 2, 18, 5, 30, 0),
    converge_count: 3
  })]
  for (let i = 0; i < count; i++) {
    faker.seed([seed, i, 0xa1a])
    const createTime = LATEST_CREATED - i * ALARM_SLOT_MS - dice.int(1, ALARM_SLOT_MS - 1)
    const app = dice.pick(apps)
    const owner = dice.pick(users)
    const source = dice.pick(SOURCES)
    alarms.push(alarmOf({
      id: alarmId(createTime, (i * MULTIPLIER + offset) % SUFFIX_SPACE),
      name: `${app.name_en}: ${dice.pick(SYMPTOMS)}`,
      importance: dice.pick(ALARM_IMPORTANCE),
      come_from: source.zh,
      come_from_en: source.en,
      transfer_rule: `rule-${faker.string.hexadecimal({ length: 8, casing: 'lower', prefix: '' })}`,
      transfer_rule_name: `${app.name_en} alarms`,
      app: app.id,
      owner: owner.user_id,
      owner_name: owner.name,
      owner_alias: owner.name,
      converge_count: dice.int(1, 50),
      creator: owner.user_id,
      creator_name: owner.name,
      create_time: createTime,
      region: dice.pick(REGIONS),
      status: dice.chance(0.2) ? 'CLEARED' : 'UNHANDLED'
    }))
  }
  return alarms
}

/** Seeds the alarms of a seed into the alarm table of a connection, in place of any there. */
export function seedAlarms (db: Database.Database, seed: number, directory: Pick<Fixtures, 'users' | 'applications'>): number {
  const alarms = generateAlarms(seed, directory)
  const store = openAlarmStore(db)
  store.clear()
  store.insertMany(alarms)
  return alarms.length
}
