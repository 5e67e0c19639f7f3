import t from 'tap'
import { createGenerator, generateTickets, CREATION_SLOT_MS, LATEST_CREATED, MAX_TICKETS } from '../../src/seeds/generate.js'
import { seedStore } from '../../src/seeds/seed.js'
import { chinaTimestamp, INCIDENT_NUM_PATTERN } from '../../src/incident/numbers.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { INCIDENT_LEVELS, INCIDENT_SOURCES, INCIDENT_STATUSES, INCIDENT_TYPES } from '../../src/vocab.js'
import { fixtures } from '../support/helper.js'

const DOMAIN = 'coc-dev-domain'

t.test('ticket i depends only on (seed, i)', async t => {
  const a = createGenerator(7, fixtures, DOMAIN)
  const b = createGenerator(7, fixtures, DOMAIN)
  t.same(a(41), b(41), 'two generators of one seed agree')
  const forward = [a(0), a(1), a(2)]
  const backward = [b(2), b(1), b(0)].reverse()
  t.same(forward, backward, 'the order of generation does not matter')
  t.notSame(createGenerator(8, fixtures, DOMAIN)(41), a(41), 'another seed gives another ticket')
  t.throws(() => a(-1), RangeError)
  t.throws(() => a(MAX_TICKETS), RangeError)
  t.throws(() => a(1.5), RangeError)
})

t.test('the first 100 tickets are the same whether 100 or 100,000 are seeded', async t => {
  const small = openIncidentStore(':memory:')
  const large = openIncidentStore(':memory:')
  t.teardown(() => { small.close(); large.close() })
  seedStore(small, fixtures, { seed: 3, tickets: 100 })
  const result = seedStore(large, fixtures, { seed: 3, tickets: 100_000 })
  t.equal(result.total, 100_000 + fixtures.tickets.length, 'every ticket was stored: no number collided')
  const generate = createGenerator(3, fixtures, DOMAIN)
  for (let i = 0; i < 100; i++) {
    const num = generate(i).incident_num
    const fromSmall = small.get(DOMAIN, num)
    if (fromSmall === undefined) t.fail(`ticket ${i} is missing from the small store`)
    t.same(large.get(DOMAIN, num), fromSmall, `ticket ${i} is identical`)
  }
})

t.test('generated tickets are consistent and within the documented limits', async t => {
  const generate = createGenerator(11, fixtures, DOMAIN)
  const levels = new Set(INCIDENT_LEVELS.map(e => e.key))
  const types = new Set(INCIDENT_TYPES.map(e => e.key))
  const sources = new Set(INCIDENT_SOURCES.map(e => e.key))
  const statuses = new Set(INCIDENT_STATUSES.map(e => e.key))
  const seenStatuses = new Set<string>()
  const problems: string[] = []
  let index = 0
  for (const ticket of generateTickets(generate, 5000)) {
    const where = ticket.incident_num
    const slotEnd = LATEST_CREATED - index * CREATION_SLOT_MS
    index++
    seenStatuses.add(ticket.status)
    if (!INCIDENT_NUM_PATTERN.test(ticket.incident_num)) problems.push(`${where}: number format`)
    if (ticket.incident_num.slice(2, 16) !== chinaTimestamp(ticket.create_time)) problems.push(`${where}: number does not encode create_time`)
    if (ticket.create_time >= slotEnd || ticket.create_time <= slotEnd - CREATION_SLOT_MS) problems.push(`${where}: create_time outside its slot`)
    if (!levels.has(ticket.incident_level)) problems.push(`${where}: level`)
    if (!types.has(ticket.incident_type)) problems.push(`${where}: type`)
    if (!sources.has(ticket.incident_source)) problems.push(`${where}: source`)
    if (!statuses.has(ticket.status)) problems.push(`${where}: status`)
    if (ticket.incident_title.length > 200 || ticket.incident_title.length === 0) problems.push(`${where}: title length`)
    if (ticket.incident_description.length > 600) problems.push(`${where}: description length`)
    const solved = ticket.status === 'INCIDENT_STATUS_RESOLVED' || ticket.status === 'INCIDENT_STATUS_COMPLETED'
    if (solved !== (ticket.handle_time !== null)) problems.push(`${where}: handle_time set iff a solution was submitted`)
    if (ticket.handle_time !== null && ticket.handle_time <= ticket.create_time) problems.push(`${where}: handle_time before creation`)
    const byRole = ticket.incident_assignee.length === 0
    if (byRole === (ticket.assignee_scene === '' || ticket.assignee_role === '')) problems.push(`${where}: assignee xor scene+role`)
    if (ticket.incident_assignee.some(id => !fixtures.users.has(id)) || !fixtures.users.has(ticket.creator)) problems.push(`${where}: unknown user`)
    if (!fixtures.applications.has(ticket.current_cloud_service[0]!)) problems.push(`${where}: unknown application`)
    if (ticket.warroom_id !== '' && !/^WR\d{24}$/.test(ticket.warroom_id)) problems.push(`${where}: war room id format`)
    if (ticket.is_service_interrupt !== (ticket.start_time !== undefined)) problems.push(`${where}: start_time iff interrupted`)
    if (ticket.fault_recovery_time !== undefined && (ticket.handle_time === null || ticket.fault_recovery_time > ticket.handle_time)) problems.push(`${where}: recovery after solution`)
    for (const list of [ticket.region, ticket.enterprise_project, ticket.current_cloud_service, ticket.incident_assignee]) {
      if (list.length > 1 || list.some(item => item.length > 255)) problems.push(`${where}: array limits`)
    }
  }
  t.same(problems, [], 'no ticket breaks a rule')
  t.same([...seenStatuses].sort(), [...statuses].sort(), 'every status occurs')
})
