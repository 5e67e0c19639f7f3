import t from 'tap'
import { checkListQuery, countQuery, LIST_LIMITS, needsScan } from '../../src/incident/list-query.js'
import { groupsAtOnce, runListQuery } from '../../src/incident/list-scan.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { seedStore } from '../../src/seeds/seed.js'
import type { ListBody } from '../../src/schemas/v2.js'
import { fixtures, makeRecord } from '../support/helper.js'

const body = (over: Partial<ListBody>): ListBody => ({ page: 1, per_page: 10, ...over })
const f = (field: string, operator: string, values: string[], name?: string) => ({ field, operator, values, ...(name === undefined ? {} : { name }) })
const DOMAIN = 'coc-dev-domain'
const scope = { table: 'incidents', domainId: DOMAIN } as const

t.test('counts and groups answered in slices agree with one SQL statement', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  seedStore(store, fixtures, { seed: 11, tickets: 3000 })
  let slices = 0
  const counting = { ...store, scan: (...args: Parameters<typeof store.scan>) => { slices++; return store.scan(...args) } }

  const sets = [
    { name: 'pattern', filters: [f('title', 'like', ['a'])] },
    { name: 'list field', filters: [f('assignee', 'like', ['1'])] },
    { name: 'indexed', filters: [f('work_flow_status', '=', ['INCIDENT_STATUS_TRIGGERED'])] },
    { name: 'nothing', filters: [f('title', 'like', ['no title has this'])] }
  ]
  const query = checkListQuery(body({ count_filters: sets }))
  slices = 0
  const answer = await runListQuery(counting, DOMAIN, query)
  t.ok(slices > 3, `the pattern sets were scanned (${slices} slices)`)
  const direct = query.counts.map(set => ({ name: set.name, count: store.countOf(scope, countQuery(query, set)) }))
  t.same(answer.counts, direct, 'the same counts as one statement each')
  t.ok(direct[0]!.count > 0 && direct[1]!.count > 0 && direct[2]!.count > 0, 'the sets find tickets')
  t.equal(direct[3]!.count, 0)
  t.notOk(needsScan(countQuery(query, query.counts[2]!)), 'an indexed set is counted at once')

  for (const shape of [
    { group_by_filter: { field: 'creator' } },
    { group_by_filter: [{ field: 'level_id' }], string_filters: [f('title', 'like', ['e'])] },
    { group_by_filter: { field: 'is_service_interrupt' }, string_filters: [f('work_flow_status', '!=', ['INCIDENT_STATUS_COMPLETED'])] },
    { group_by_filter: { field: 'mtm_type', operator: 'in', values: ['inc_type_p_config_issues', 'inc_type_p_change_issues'] } },
    { group_by_filter: { field: 'incident_ownership' } }
  ] as Array<Partial<ListBody>>) {
    const grouped = checkListQuery(body({ ...shape, contain_total: true }))
    t.ok(needsScan(grouped), `${JSON.stringify(shape)}: scanned`)
    slices = 0
    const scanned = await runListQuery(counting, DOMAIN, grouped)
    t.ok(slices > 1)
    const once = groupsAtOnce(store, scope, grouped)
    t.same(scanned.groups, once, 'the same groups, in the same order, as one GROUP BY statement')
    if (grouped.groupBy!.field === 'incident_ownership') t.same(once.map(g => g.value), [''], 'a field no seeded ticket has is one group, ""')
    else t.ok(once.length > 1, 'more than one group')
    if (grouped.groupBy!.filter === null) t.equal(once.reduce((n, g) => n + g.count, 0), scanned.total, 'the groups add up to the total')
  }
  const byStatus = checkListQuery(body({ group_by_filter: { field: 'work_flow_status' }, contain_total: true }))
  t.notOk(needsScan(byStatus), 'grouping on the indexed status is one statement')
  const statuses = await runListQuery(counting, DOMAIN, byStatus)
  t.equal(statuses.groups!.reduce((n, g) => n + g.count, 0), statuses.total)
})

t.test('a group_by_filter answering more groups than the limit is refused, scanned or not', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  // Two more than the limit: one statement reads one row past it (NULL and "" are one group).
  const over = LIST_LIMITS.groups + 2
  store.insertMany(Array.from({ length: over }, (_, i) => makeRecord({ incident_num: `IM${i}`, domain_id: DOMAIN, creator: `user-${i}`, status: `STATUS_${i}`, create_time: i })))
  for (const field of ['creator', 'work_flow_status']) {
    const query = checkListQuery(body({ group_by_filter: { field } }))
    await t.rejects(runListQuery(store, DOMAIN, query), { message: `group_by_filter.field: [${field}] has more than ${LIST_LIMITS.groups} values among the matching tickets; at most ${LIST_LIMITS.groups} groups` }, field)
  }
  const fewer = checkListQuery(body({ group_by_filter: { field: 'creator' }, string_filters: [f('create_time', '>', ['1'])] }))
  t.equal((await runListQuery(store, DOMAIN, fewer)).groups!.length, LIST_LIMITS.groups, 'exactly the limit is answered')
})
