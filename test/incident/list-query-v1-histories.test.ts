import t from 'tap'
import { checkV1HistoryQuery } from '../../src/incident/list-query.js'
import type { HistoryEntry } from '../../src/incident/record.js'
import type { ListHistoriesBody } from '../../src/schemas/v1.js'

const TICKET = { field: 'ticket_id', values: ['IM1'] }

const entry = (id: string, over: Partial<HistoryEntry>): HistoryEntry => ({
  id, incident_num: 'IM1', action: 'create', step: 'create', operator: 'u1', comment: '', status: 's',
  target_type: '', target_value: '', start_time: 0, stop_time: 0, ...over
})

/** The ids of `entries` the query keeps, in its order (Array.prototype.sort is stable). */
const run = (body: ListHistoriesBody, entries: HistoryEntry[]): string[] => {
  const query = checkV1HistoryQuery(body)
  return entries.filter(query.keep).sort(query.compare).map(e => e.id)
}

t.test('every refusal of a v1 list-histories body is a 400 in v1 words', async t => {
  const cases: Array<[ListHistoriesBody, string]> = [
    [{}, 'string_filters: a filter on ticket_id (= or in) is required'],
    [{ string_filters: [{ field: 'action', values: ['create'] }] }, 'string_filters: a filter on ticket_id (= or in) is required'],
    [{ string_filters: [{ field: 'ticket_id', operator: '!=', values: ['IM1'] }] }, 'string_filters[0].operator: must be = or in for ticket_id'],
    [{ string_filters: [TICKET, { field: 'title', values: ['x'] }] }, 'string_filters[1].field: must be one of ticket_id, action, operator'],
    [{ string_filters: [{ values: ['x'] }] }, 'string_filters[0].field: must be one of ticket_id, action, operator'],
    [{ string_filters: [{ field: 'toString', values: ['x'] }] }, 'string_filters[0].field: must be one of ticket_id, action, operator'],
    [{ string_filters: [{ field: 'ticket_id' }] }, 'string_filters[0].values: must hold at least one value'],
    [{ string_filters: [TICKET, { name: 'operator', operator: 'in', values: [] }] }, 'string_filters[1].values: must hold at least one value'],
    [{ string_filters: [TICKET, { field: 'operator', operator: 'like', values: ['u'] }] }, 'string_filters[1].operator: must be one of =, in, != for operator'],
    [{ string_filters: [TICKET], sort_filter: { field: 'create_time' } }, 'sort_filter.field: must be one of start_time, update_time, stop_time'],
    [{ string_filters: [TICKET], sort_filter: { name: 'action' } }, 'sort_filter.field: must be one of start_time, update_time, stop_time'],
    [{ string_filters: [TICKET], sort_filter: { operator: 'down' } }, 'sort_filter.operator: must be asc or desc']
  ]
  for (const [body, message] of cases) {
    t.throws(() => checkV1HistoryQuery(body), { name: 'CocError', status: 400, code: 'GOM.00007256', message }, message)
  }
})

t.test('the tickets are named by ticket_id filters (= by default, or in), each once', async t => {
  const query = checkV1HistoryQuery({ string_filters: [{ name: 'ticket_id', values: ['IM2', 'IM1'] }, { field: 'ticket_id', operator: 'in', values: ['IM1', 'IM3'] }] })
  t.same(query.ticketIds, ['IM2', 'IM1', 'IM3'])
})

t.test('action and operator filters narrow with =, in and !=, all of them holding', async t => {
  const entries = [
    entry('a', { action: 'create', operator: 'u1' }),
    entry('b', { action: 'accepted', operator: 'u2' }),
    entry('c', { action: 'confirm', operator: 'u1' })
  ]
  t.same(run({ string_filters: [TICKET] }, entries), ['a', 'b', 'c'], 'no narrowing filter keeps every record')
  t.same(run({ string_filters: [TICKET, { name: 'action', values: ['accepted'] }] }, entries), ['b'], '= by default, name for field')
  t.same(run({ string_filters: [TICKET, { field: 'action', operator: 'in', values: ['create', 'confirm'] }] }, entries), ['a', 'c'])
  t.same(run({ string_filters: [TICKET, { field: 'operator', operator: '!=', values: ['u2'] }] }, entries), ['a', 'c'])
  t.same(run({ string_filters: [TICKET, { field: 'operator', values: ['u1'] }, { field: 'action', operator: '!=', values: ['create'] }] }, entries), ['c'])
})

t.test('records sort by a time, ascending unless desc in either case, records of one instant in written order', async t => {
  const entries = [
    entry('late', { start_time: 30, stop_time: 5 }),
    entry('first', { start_time: 10, stop_time: 20 }),
    entry('second', { start_time: 10, stop_time: 20 }),
    entry('early', { start_time: 5, stop_time: 40 })
  ]
  t.same(run({ string_filters: [TICKET] }, entries), ['early', 'first', 'second', 'late'], 'start_time ascending by default')
  t.same(run({ string_filters: [TICKET], sort_filter: { field: 'start_time', operator: 'DESC' } }, entries), ['late', 'first', 'second', 'early'])
  t.same(run({ string_filters: [TICKET], sort_filter: { name: 'update_time', operator: 'Asc' } }, entries), ['late', 'first', 'second', 'early'], 'update_time is the stop time')
  t.same(run({ string_filters: [TICKET], sort_filter: { field: 'stop_time', operator: 'desc' } }, entries), ['early', 'first', 'second', 'late'])
})
