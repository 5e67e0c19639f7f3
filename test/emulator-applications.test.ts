import t from 'tap'
import { AdminError, startEmulator } from '../src/index.js'

t.test('emu.admin.applications inserts, lists and removes applications the COC routes then serve', async t => {
  const emu = await startEmulator({ tickets: 0 })
  t.teardown(() => emu.close())
  const inserted = await emu.admin.applications.insert([{ id: 'app-test-1', name: 'billing', domain_id: 'coc-other-domain' }])
  t.match(inserted, { total: 1, applications: [{ id: 'app-test-1', name: 'billing', name_zh: 'billing', domain_id: 'coc-other-domain' }] })
  const theirs = await fetch(`${emu.url}/v1/applications?id_list=app-test-1`, { headers: { 'x-auth-token': 'dev-token-other' } }).then(async res => res.json())
  t.equal(theirs.data[0].name, 'billing', 'the other domain reads it through COC\'s list')
  const listed = await emu.admin.applications.list({ domain_id: 'coc-other-domain' })
  t.same(listed.applications.map((a: { id: string }) => a.id), ['app-test-1'])
  await emu.admin.applications.remove('app-test-1')
  const refused = await emu.admin.applications.remove('app-test-1').then(() => null, (err: unknown) => err)
  t.ok(refused instanceof AdminError)
  t.match(refused, { status: 404, errorCode: 'GOM.00004040' })
})
