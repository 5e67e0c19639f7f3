import t from 'tap'
import { createIncidentService } from '../../src/incident/service.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { CREATE_BODY } from '../support/helper.js'

// Built without a registry or a schedule, the service knows COC's preset categories and nobody on duty.
t.test('without options: the preset categories only, and no one on duty', async t => {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  const service = createIncidentService(store, () => Date.UTC(2026, 0, 1))
  const principal = { domainId: 'd', userId: 'u' }
  t.throws(() => service.create(principal, { ...CREATE_BODY, incident_type: 'cat_custom' }),
    { code: 'GOM.00007256', message: /^incident_type: must be one of inc_type_p_security_issues, .*inc_type_p_middleware_issues \(the registered incident categories\); \[cat_custom\] is not registered$/ })
  const num = service.create(principal, { ...CREATE_BODY, incident_assignee: [], assignee_scene: 'scene_db', assignee_role: 'role_primary' })
  t.same(store.get('d', num)!.incident_assignee, [])
})
