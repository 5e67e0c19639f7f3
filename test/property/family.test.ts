import t from 'tap'
import { build } from '../support/helper.js'
import { checkRoute, RUNS, SEED } from './support/harness.js'
import { FAMILY_ROUTES } from './support/family-routes.js'
import { KNOWN } from './known.js'

// The war room and alarm routes, every family of input: the answer is a COC envelope, 2xx or 4xx.
t.comment(`${RUNS} cases per route and family; replay with FUZZ_SEED=${SEED}`)

for (const spec of FAMILY_ROUTES) {
  t.test(spec.name, async t => {
    let clock = Date.UTC(2026, 0, 1)
    const { app, store } = await build(t, { tickets: 30, now: () => clock++ })
    const nums = store.page('coc-dev-domain', 0, 1000).map(ticket => ticket.incident_num)
    await checkRoute(t, spec, { app, nums }, KNOWN)
  })
}
