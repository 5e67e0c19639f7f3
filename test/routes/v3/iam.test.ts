import t from 'tap'
import { sign } from '../../../src/auth/signature.js'
import { build, json, TOKEN } from '../../support/helper.js'

const OTHER = { 'x-auth-token': 'dev-token-other' }

t.test('GET /v3/auth/domains answers the credentials\' own domain in IAM\'s shape', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ url: '/v3/auth/domains', headers: { ...TOKEN, host: 'emu.test:9' } })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    domains: [{ id: 'coc-dev-domain', name: 'coc-dev-domain', enabled: true, description: '', links: { self: 'http://emu.test:9/v3/domains/coc-dev-domain' } }],
    links: { self: 'http://emu.test:9/v3/auth/domains' }
  })
  const other = await app.inject({ url: '/v3/auth/domains', headers: OTHER })
  t.same(other.json().domains.map((d: { id: string }) => d.id), ['coc-other-domain'], 'each credential sees its own domain')
})

t.test('GET /v3/projects?name=<region> answers the domain\'s project named after the region', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ url: '/v3/projects?name=ap-southeast-1', headers: { ...TOKEN, host: 'emu.test:9' } })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    projects: [{
      id: 'coc-dev-project',
      name: 'ap-southeast-1',
      domain_id: 'coc-dev-domain',
      parent_id: 'coc-dev-domain',
      is_domain: false,
      enabled: true,
      description: '',
      links: { self: 'http://emu.test:9/v3/projects/coc-dev-project' }
    }],
    links: { self: 'http://emu.test:9/v3/projects?name=ap-southeast-1&page=1&per_page=5000', previous: null, next: null }
  })
  const other = await app.inject({ url: '/v3/projects?name=cn-north-4', headers: OTHER })
  t.same(other.json().projects.map((p: { id: string }) => p.id), ['coc-other-project'])
  const unnamed = await app.inject({ url: '/v3/projects', headers: TOKEN })
  t.same(unnamed.json().projects.map((p: { name: string }) => p.name), ['cn-north-4'], 'without a name: the home region')
})

t.test('the project filters IAM documents are applied', async t => {
  const { app } = await build(t, { tickets: 0 })
  const ids = async (query: string) => (await app.inject({ url: `/v3/projects?${query}`, headers: TOKEN })).json().projects.map((p: { id: string }) => p.id)
  t.same(await ids('domain_id=coc-dev-domain&enabled=true&is_domain=false&parent_id=coc-dev-domain'), ['coc-dev-project'], 'the own domain, as strings')
  t.same(await ids('domain_id=coc-other-domain'), [], 'another domain\'s projects are not shown')
  t.same(await ids('parent_id=elsewhere'), [])
  t.same(await ids('enabled=false'), [])
  t.same(await ids('is_domain=true'), [])
  t.same(await ids('page=2'), [], 'past the last page')
  const second = (await app.inject({ url: '/v3/projects?page=2&per_page=1&name=x', headers: { ...TOKEN, host: 'h' } })).json()
  t.same(second.links, { self: 'http://h/v3/projects?name=x&page=2&per_page=1', previous: 'http://h/v3/projects?name=x&page=1&per_page=1', next: null })
})

t.test('a domain with more projects than a page links to the next page', async t => {
  const { fixtures } = await import('../../support/helper.js')
  const tokens = new Map(fixtures.tokens)
  tokens.set('many', { principal: { domainId: 'd-many', userId: 'u', projectIds: ['p1', 'p2', 'p3'] }, expiresAt: null })
  tokens.set('none', { principal: { domainId: 'd-none', userId: 'u' }, expiresAt: null })
  const { app } = await build(t, { tickets: 0, fixtures: { ...fixtures, tokens } })
  const page = (await app.inject({ url: '/v3/projects?per_page=2&enabled=true', headers: { 'x-auth-token': 'many', host: 'h' } })).json()
  t.same(page.projects.map((p: { id: string }) => p.id), ['p1', 'p2'])
  t.equal(page.links.next, 'http://h/v3/projects?enabled=true&page=2&per_page=2')
  t.equal(page.links.previous, null)
  const none = (await app.inject({ url: '/v3/projects?name=cn-north-4', headers: { 'x-auth-token': 'none' } })).json()
  t.same(none.projects, [], 'a credential without projects finds none')
})

t.test('bad queries get the COC envelope naming the parameter', async t => {
  const { app } = await build(t, { tickets: 0 })
  for (const [query, field] of [['per_page=0', 'per_page'], ['per_page=5001', 'per_page'], ['page=x', 'page'], ['enabled=maybe', 'enabled'], ['name=', 'name'], [`name=${'a'.repeat(65)}`, 'name']] as const) {
    const res = await app.inject({ url: `/v3/projects?${query}`, headers: TOKEN })
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { provider_code: '049', error_code: 'GOM.00007256', error_msg: new RegExp(field), data: null }, `${query} names ${field}`)
  }
})

t.test('the IAM routes take the same credentials as COC, and are journaled and faulted', async t => {
  const { app } = await build(t, { tickets: 0 })
  const none = await app.inject({ url: '/v3/auth/domains' })
  t.match(none.json(), { error_code: 'GOM.00004010' }, 'no credentials')
  const expired = await app.inject({ url: '/v3/projects', headers: { 'x-auth-token': 'dev-token-expired' } })
  t.match(expired.json(), { error_code: 'GOM.00004011' })
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')
  const headers = { host: 'localhost', 'x-sdk-date': date }
  const signature = sign('devskcocemulator000000000000000000000002', { method: 'GET', url: '/v3/projects?name=cn-north-4', headers, signedHeaders: ['host', 'x-sdk-date'], date })
  const signed = await app.inject({
    url: '/v3/projects?name=cn-north-4',
    headers: { ...headers, authorization: `SDK-HMAC-SHA256 Access=DEVAKCOCEMULATOR0002, SignedHeaders=host;x-sdk-date, Signature=${signature}` }
  })
  t.equal(signed.statusCode, 200, signed.body)
  t.equal(signed.json().projects[0].id, 'coc-other-project', 'the AK decides the domain')
  const tampered = await app.inject({
    url: '/v3/projects?name=cn-north-5',
    headers: { ...headers, authorization: `SDK-HMAC-SHA256 Access=DEVAKCOCEMULATOR0002, SignedHeaders=host;x-sdk-date, Signature=${signature}` }
  })
  t.match(tampered.json(), { error_code: 'GOM.00004012' }, 'the query is signed')

  const journal = (await app.inject({ url: '/__admin/requests?path=/v3/*' })).json().data.requests
  t.same(journal.map((r: { path: string, status: number }) => `${r.path} ${r.status}`),
    ['/v3/projects 400', '/v3/projects 200', '/v3/projects 400', '/v3/auth/domains 400'])
  t.equal(journal[1].domain_id, 'coc-other-domain')

  t.equal((await app.inject(json('POST', '/__admin/faults', { method: 'GET', path: '/v3/auth/*', status: 503, times: 1 }))).statusCode, 200)
  const faulted = await app.inject({ url: '/v3/auth/domains', headers: TOKEN })
  t.equal(faulted.statusCode, 503)
  t.match(faulted.json(), { provider_code: '049', error_code: 'GOM.00005030' })
  t.equal((await app.inject({ url: '/v3/auth/domains', headers: TOKEN })).statusCode, 200, 'the fault was used up')
})

t.test('GET /v3/auth/catalog answers an empty catalog', async t => {
  const { app } = await build(t, { tickets: 0 })
  const res = await app.inject({ url: '/v3/auth/catalog', headers: { ...TOKEN, host: 'h' } })
  t.same(res.json(), { catalog: [], links: { self: 'http://h/v3/auth/catalog' } })
})
