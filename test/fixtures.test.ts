import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { DEFAULT_DOMAIN_ID, FixtureError, loadFixtures } from '../src/fixtures.js'
import { DEFAULT_FIXTURES_DIR } from '../src/paths.js'

function copyWith (t: Test, file: string, content: string): string {
  const dir = t.testdir({})
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true })
  writeFileSync(join(dir, file), content)
  return dir
}

t.test('the shipped fixtures load', async t => {
  const fixtures = loadFixtures(DEFAULT_FIXTURES_DIR)
  t.ok(fixtures.users.has('25819b46251b46218bf6ad238ddd860c'))
  t.equal(fixtures.applications.get('6470681a31da2a47ed50a919')?.name_en, 'COC')
  t.same(fixtures.tokens.get('dev-token')?.principal.domainId, DEFAULT_DOMAIN_ID)
  t.equal(fixtures.tokens.get('dev-token')?.expiresAt, null)
  t.equal(fixtures.tokens.get('dev-token-expired')?.expiresAt, Date.parse('2024-01-01T00:00:00Z'))
  t.ok(fixtures.tickets.some(ticket => ticket.incident_num === 'IM202403181322030178042608'))
})

t.test('broken fixtures are refused with the file and the place', async t => {
  const cases: Array<[string, string, RegExp]> = [
    ['users.json', '{ nope', /users\.json: .*JSON/],
    ['users.json', '[{"user_id": "u"}]', /users\.json: at \/0\/name: Expected required property/],
    ['tokens.json', '[{"token": "t", "domain_id": "d", "user_id": "u", "expires_at": "soon"}]', /tokens\.json: at \/0\/expires_at: not an ISO 8601 instant: soon/],
    ['tickets.json', '[{"incident_num": "IM1"}]', /tickets\.json: at \/0\/.*: Expected required property/],
    ['applications.json', '{}', /applications\.json: at \/: Expected array/]
  ]
  for (const [file, content, message] of cases) {
    const dir = copyWith(t, file, content)
    t.throws(() => loadFixtures(dir), FixtureError, `${file}: FixtureError`)
    t.throws(() => loadFixtures(dir), { message }, `${file}: ${String(message)}`)
  }
})

t.test('a folder with some of the files, and lists given as objects: the rest are the defaults', async t => {
  const dir = t.testdir({ 'users.json': '[{"user_id": "u-only", "name": "only"}]' })
  const partial = loadFixtures(dir)
  t.same([...partial.users.keys()], ['u-only'])
  t.ok(partial.tokens.has('dev-token'), 'tokens.json from the defaults')
  const given = loadFixtures(DEFAULT_FIXTURES_DIR, { applications: [{ id: 'a', name_zh: '应用', name_en: 'app' }] })
  t.same([...given.applications.keys()], ['a'])
  t.throws(() => loadFixtures(DEFAULT_FIXTURES_DIR, { users: [{ user_id: 'u' } as never] }), { name: 'FixtureError', message: /^fixtures\.users: at \/0\/name: Expected required property/ })
  t.throws(() => loadFixtures(DEFAULT_FIXTURES_DIR, { tokens: [{ token: 't', domain_id: 'd', user_id: 'u', expires_at: 'soon' }] }), { message: /^fixtures\.tokens: at \/0\/expires_at: not an ISO 8601 instant: soon$/ })
})
