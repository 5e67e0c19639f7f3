import t from 'tap'
import { build, CREATE_BODY, detailUrl, EXAMPLE_NUM } from '../support/helper.js'

const MINE = { 'x-auth-token': 'dev-token' }
const THEIRS = { 'x-auth-token': 'dev-token-other' }
const CREATE = { ...CREATE_BODY, incident_title: 'private' }

t.test('another domain\'s tickets are "not found" on every route', async t => {
  const { app } = await build(t, { tickets: 10 })
  const num = (await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: MINE, payload: CREATE })).json().data.incident_num
  const handle = (headers: Record<string, string>, incidentNum: string) => app.inject({ method: 'POST', url: '/v1/external/incident/handle', headers, payload: { incident_num: incidentNum, operator: 'o', operate_key: 'acceptedIncident1', parameter: {} } })
  const histories = (headers: Record<string, string>, incidentNum: string) => app.inject({ method: 'POST', url: '/v1/incident/list-histories', headers, payload: { string_filters: [{ field: 'ticket_id', values: [incidentNum] }] } })

  for (const incidentNum of [num, EXAMPLE_NUM]) {
    for (const [route, res] of [
      ['detail', await app.inject({ url: detailUrl(incidentNum), headers: THEIRS })],
      ['handle', await handle(THEIRS, incidentNum)],
      ['histories', await histories(THEIRS, incidentNum)]
    ] as const) {
      t.equal(res.statusCode, 400, `${route} of ${incidentNum}: 400`)
      t.same(res.json(), { provider_code: '049', error_code: 'COC.00067003', error_msg: `incident_num: no incident ticket [${incidentNum}] exists`, data: null },
        `${route}: the same answer as for a ticket that does not exist`)
    }
  }
  const theirList = (await app.inject({ url: '/v1/incident-tickets?limit=100', headers: THEIRS })).json().data
  t.same(theirList, { total: 0, IncidentSimpleTicketInfos: [] }, 'the list shows nothing of the other domain')

  const theirs = (await app.inject({ method: 'POST', url: '/v1/external/incident/create', headers: THEIRS, payload: CREATE })).json().data.incident_num
  t.equal((await handle(THEIRS, theirs)).statusCode, 200, 'the other domain works on its own ticket')
  t.equal((await app.inject({ url: detailUrl(theirs), headers: MINE })).json().error_code, 'COC.00067003', 'and it is hidden from the default domain')
  t.equal((await app.inject({ url: '/v1/incident-tickets', headers: THEIRS })).json().data.total, 1)
  t.equal((await app.inject({ url: detailUrl(num), headers: MINE })).json().data.status, 'INCIDENT_STATUS_TRIGGERED', 'the other domain\'s handle did not touch ours')
})

t.test('named domains and projects must be the credentials\' own', async t => {
  const { app } = await build(t, { tickets: 0 })
  const get = (headers: Record<string, string>) => app.inject({ url: detailUrl(EXAMPLE_NUM), headers })
  t.equal((await get({ ...MINE, 'x-domain-id': 'coc-dev-domain', 'x-project-id': 'coc-dev-project' })).statusCode, 200)
  t.match((await get({ ...MINE, 'x-domain-id': 'coc-other-domain' })).json(), { error_code: 'GOM.00004012', error_msg: /^X-Domain-Id/ })
  t.match((await get({ ...MINE, 'x-project-id': 'coc-other-project' })).json(), { error_code: 'GOM.00004012', error_msg: /^X-Project-Id/ })
  t.match((await get({ ...THEIRS, 'x-project-id': 'coc-other-project' })).json(), { error_code: 'COC.00067003' })
})
