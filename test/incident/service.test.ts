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

t.test('a create skips a number a ticket has already', async t => {
  const clock = (): number => Date.UTC(2026, 0, 1)
  const principal = { domainId: 'd', userId: 'u' }
  // The numbers two creates take at the same instant in a store of their own.
  const probe = openIncidentStore(':memory:')
  t.teardown(() => probe.close())
  const probing = createIncidentService(probe, clock)
  const [first, second] = [probing.create(principal, CREATE_BODY), probing.create(principal, CREATE_BODY)]
  t.not(first, second)

  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const taken = { ...probe.get('d', first)!, domain_id: 'other', incident_title: 'here before' }
  store.insertMany([taken])
  const num = createIncidentService(store, clock).create(principal, CREATE_BODY)
  t.equal(num, second, 'the next number')
  t.equal(store.get('other', first)?.incident_title, 'here before', 'the ticket with the first number is untouched')
  t.equal(store.get('d', num)?.incident_title, CREATE_BODY.incident_title)
  t.same(store.histories(num).map(entry => entry.action), ['create'], 'the create is recorded for the number taken')
  t.same(store.histories(first), [], 'and not for the other')
})
