import t from 'tap'
import { build, CREATE_BODY, fixtures, TOKEN } from '../../../support/helper.js'

t.test('paging: offset is a page number from 1, limit 1..100, default 50', async t => {
  const { app } = await build(t, { tickets: 120 })
  const get = (query: string) => app.inject({ url: `/v1/incident-tickets${query}`, headers: TOKEN })
  const total = 120 + fixtures.tickets.length
  const first = (await get('')).json().data
  t.equal(first.total, total)
  t.equal(first.IncidentSimpleTicketInfos.length, 50, 'default limit 50')
  const times: number[] = []
  for (const item of first.IncidentSimpleTicketInfos) {
    t.same(Object.keys(item), ['title', 'ticket_id', 'description', 'status', 'level', 'enterprise_project', 'source', 'creator', 'assignee'])
    times.push(Number(item.ticket_id.slice(2, 16)))
  }
  t.same(times, [...times].sort((a, b) => b - a), 'newest first')
  const pages: string[] = []
  for (let page = 1; page <= 2; page++) {
    pages.push(...(await get(`?offset=${page}&limit=100`)).json().data.IncidentSimpleTicketInfos.map((i: { ticket_id: string }) => i.ticket_id))
  }
  t.equal(pages.length, total, 'two pages of 100 hold every ticket')
  t.equal(new Set(pages).size, total, 'no ticket twice')
  t.equal((await get('?offset=3&limit=100')).json().data.IncidentSimpleTicketInfos.length, 0, 'past the end: empty, with the total')
  t.equal((await get('?limit=1')).json().data.IncidentSimpleTicketInfos.length, 1)
  const cases: Array<[string, string]> = [
    ['?limit=0', 'limit: must be >= 1'],
    ['?limit=101', 'limit: must be <= 100'],
    ['?offset=0', 'offset: must be >= 1'],
    ['?offset=2147483648', 'offset: must be <= 2147483647'],
    ['?limit=ten', 'limit: must be integer']
  ]
  for (const [query, message] of cases) {
    const res = await get(query)
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { error_code: 'GOM.00007256', error_msg: message })
  }
  t.equal((await get('?offset=2147483647')).statusCode, 200)
})

t.test('the list is the caller\'s domain only', async t => {
  const tokens = new Map(fixtures.tokens)
  tokens.set('other-token', { principal: { domainId: 'other', userId: 'o' }, expiresAt: null })
  const { app } = await build(t, { tickets: 5, fixtures: { ...fixtures, tokens } })
  const other = { 'x-auth-token': 'other-token' }
  const res = await app.inject({ url: '/v1/incident-tickets', headers: other })
  t.same(res.json().data, { total: 0, IncidentSimpleTicketInfos: [] })
  const created = await app.inject({
    method: 'POST', url: '/v1/external/incident/create', headers: other,
    payload: { ...CREATE_BODY, incident_title: 'mine', creator: 'o', incident_assignee: ['o'], enterprise_project: [] }
  })
  const mine = (await app.inject({ url: '/v1/incident-tickets', headers: other })).json().data
  t.equal(mine.total, 1)
  t.match(mine.IncidentSimpleTicketInfos[0], { ticket_id: created.json().data.incident_num, title: 'mine', enterprise_project: '', assignee: ['o'] })
})
