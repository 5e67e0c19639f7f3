import t from 'tap'
import { Type } from '@sinclair/typebox'
import { ProjectsQuery } from '../../src/schemas/iam.js'
import { build } from '../support/helper.js'
import { checkRoute, RUNS, SEED, type RouteSpec } from './support/harness.js'
import { KNOWN } from './known.js'

// The IAM discovery routes, every family of input: the answer is 2xx or a COC error envelope.
t.comment(`${RUNS} cases per route and family; replay with FUZZ_SEED=${SEED}`)

const IAM_ROUTES: RouteSpec[] = [
  { name: 'GET /v3/auth/domains', method: 'GET', path: '/v3/auth/domains', coc: true, bare: true, query: Type.Object({}) },
  { name: 'GET /v3/projects', method: 'GET', path: '/v3/projects', coc: true, bare: true, query: ProjectsQuery },
  { name: 'GET /v3/auth/catalog', method: 'GET', path: '/v3/auth/catalog', coc: true, bare: true, query: Type.Object({}) }
]

for (const spec of IAM_ROUTES) {
  t.test(spec.name, async t => {
    const { app } = await build(t, { tickets: 0 })
    await checkRoute(t, spec, { app, nums: [] }, KNOWN)
  })
}
