import t from 'tap'
import { CocError } from '../../src/errors.js'
import { createIncidentService } from '../../src/incident/service.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { CREATE_BODY } from '../support/helper.js'

// The v2 routes drive the same service; its v2 spelling is checked here.
t.test('v2 actions go through the same table', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const service = createIncidentService(store, () => Date.UTC(2026, 0, 1))
  const principal = { domainId: 'd', userId: 'u' }
  const num = service.create(principal, CREATE_BODY)
  t.throws(() => service.handle(principal, { api: 'v2', incidentNum: num, operator: 'o', key: 'acceptedIncident1', params: {} }),
    new CocError('validation', 'The field[action] value[acceptedIncident1] invalid'))
  service.handle(principal, { api: 'v2', incidentNum: num, operator: 'o', key: 'accepted', params: {} })
  t.equal(store.get('d', num)!.status, 'INCIDENT_STATUS_ACKNOWLEDGED')
  t.throws(() => service.handle(principal, { api: 'v2', incidentNum: num, operator: 'o', key: 'accepted', params: {} }),
    { code: 'GOM.00007257', message: /^action: \[accepted\] is not allowed .* allowed: acceptedForward, addRemark, commitSolution, incidentPause, changeLevel$/ })
  t.throws(() => service.handle(principal, { api: 'v2', incidentNum: num, operator: 'o', key: 'addRemark', params: {} }),
    { message: 'params.note: is required' })
})
