import { createServer as createNetServer } from 'node:net'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { DEFAULTS } from '../../src/config.js'
import { BACKGROUND_FROM, launch, type LaunchSettings } from '../../src/launch.js'
import { createGenerator } from '../../src/seeds/generate.js'
import { seedInBackground, seedStore } from '../../src/seeds/seed.js'
import { DEFAULT_DOMAIN_ID } from '../../src/fixtures.js'
import { openIncidentStore, type IncidentStore } from '../../src/stores/incident-store.js'
import { openWarRoomStore } from '../../src/stores/warroom-store.js'
import { EXAMPLE_NUM, fixtures, makeRecord } from '../support/helper.js'

/** Every row of the tables seeding fills, in id order: what two seedings are compared by. */
function contents (store: IncidentStore): string {
  const db = store.database
  return JSON.stringify({
    incidents: db.prepare('SELECT * FROM incidents ORDER BY id').raw(true).all(),
    warrooms: db.prepare('SELECT * FROM warrooms ORDER BY 1').raw(true).all(),
    alarms: db.prepare('SELECT * FROM alarms ORDER BY 1').raw(true).all()
  })
}

function opened (t: Test): IncidentStore {
  const store = openIncidentStore(':memory:')
  t.teardown(() => store.close())
  return store
}

t.test('the background seeding stores what seedStore stores, in the same order', async t => {
  const options = { seed: 7, tickets: 3_000 }
  const all = opened(t)
  seedStore(all, fixtures, options)
  const chunked = opened(t)
  const seeding = seedInBackground(chunked, fixtures, options, 700)
  t.equal(seeding.done, false, 'still going when it returns')
  t.equal(chunked.count(), fixtures.tickets.length, 'the fixture tickets are in at once')
  t.equal(chunked.getMeta('seeded_at'), undefined, 'not marked seeded yet')
  const result = await seeding.finished
  t.equal(seeding.done, true)
  t.equal(seeding.inserted, 3_000)
  t.match(result, { seeded: true, inserted: 3_000 + fixtures.tickets.length, total: 3_000 + fixtures.tickets.length })
  t.equal(contents(chunked), contents(all), 'tickets, war rooms and alarms are the same rows')
  t.type(chunked.getMeta('seeded_at'), 'string', 'marked seeded once every ticket is in')
})

t.test('a ticket stored meanwhile under a number the seeding would use is kept', async t => {
  const options = { seed: 3, tickets: 2_000 }
  const store = opened(t)
  // A number the seeding will reach late, of a ticket that has a war room.
  const generate = createGenerator(options.seed, fixtures, DEFAULT_DOMAIN_ID)
  const index = Array.from({ length: 400 }, (_, i) => 1_500 + i).find(i => generate(i).warroom_id !== '')!
  const taken = generate(index).incident_num
  const seeding = seedInBackground(store, fixtures, options, 250)
  // It names a war room that nothing made: the seeding makes war rooms for its own tickets only.
  store.insertMany([makeRecord({ incident_num: taken, domain_id: DEFAULT_DOMAIN_ID, incident_title: 'created meanwhile', warroom_id: 'WR202601010000000000000001' })])
  await seeding.finished
  t.equal(store.get(DEFAULT_DOMAIN_ID, taken)?.incident_title, 'created meanwhile', 'not overwritten')
  t.equal(openWarRoomStore(store.database).byIncident(taken), undefined, 'and given no war room by the seeding')
  t.equal(seeding.inserted, 1_999, 'the synthetic ticket of that number was left out')
  t.equal(store.count(), fixtures.tickets.length + 2_000)
})

t.test('stopping ends it at the next chunk, unmarked; a seeded store is left as it is', async t => {
  const store = opened(t)
  const seeding = seedInBackground(store, fixtures, { seed: 1, tickets: 5_000 }, 100)
  const result = await seeding.stop()
  t.equal(seeding.done, true)
  t.ok(seeding.inserted < 5_000, `${seeding.inserted} stored before it stopped`)
  t.equal(result.total, store.count())
  t.equal(store.getMeta('seeded_at'), undefined, 'a stopped seeding is not a seeded store')

  const seeded = opened(t)
  seedStore(seeded, fixtures, { seed: 1, tickets: 10 })
  const again = seedInBackground(seeded, fixtures, { seed: 1, tickets: 10 })
  t.equal(again.done, true)
  t.match(await again.finished, { seeded: false, inserted: 0, total: 12 })
  t.match(await again.stop(), { seeded: false })
})

const settings = (over: Partial<LaunchSettings> = {}): LaunchSettings => ({ ...DEFAULTS, logLevel: 'info', port: 0, tickets: BACKGROUND_FROM, ...over })

function sink () {
  const lines: string[] = []
  return { lines, stream: new Writable({ write (chunk, _e, done) { lines.push(String(chunk)); done() } }) }
}

t.test('the command line answers while a large seeding goes on; health says when it is done', async t => {
  const logs = sink()
  const running = await launch(settings(), { logStream: logs.stream, seedInBackground: true, seedChunk: 500 })
  t.teardown(() => running.close())
  const seeding = running.app.backgroundSeeding!
  t.equal(seeding.done, false)
  const health = await fetch(`${running.url}/__admin/health`)
  t.equal(health.status, 503)
  t.match(await health.json(), { error_code: 'GOM.00005030', error_msg: /^seeding: \d+ of 20000 synthetic tickets stored so far/, data: null })
  const detail = await fetch(`${running.url}/v1/external/incident/${EXAMPLE_NUM}`, { headers: { 'X-Auth-Token': 'dev-token' } })
  t.equal(detail.status, 200, 'the fixture tickets answer at once')
  t.match(logs.lines.join(''), /listening on http:\/\/127\.0\.0\.1:\d+: seeding 20000 tickets \(seed 1\) while it answers/)
  t.notMatch(logs.lines.join(''), /"level":50/, 'a 503 while seeding is not logged as a failure')
  await seeding.finished
  const healthy = await fetch(`${running.url}/__admin/health`)
  t.equal(healthy.status, 200)
  t.equal((await healthy.json()).data.tickets, 20_000 + fixtures.tickets.length)
  t.match(logs.lines.join(''), /"msg":"seeding done: 20002 tickets"/)
})

t.test('a reset or a close while seeding stops it first; smaller seedings, files and code wait for every ticket', async t => {
  const running = await launch(settings(), { logStream: sink().stream, seedInBackground: true, seedChunk: 200 })
  const reset = await running.app.inject({ method: 'POST', url: '/__admin/reset' })
  t.equal(reset.statusCode, 200)
  t.equal(reset.json().data.tickets, 20_000 + fixtures.tickets.length, 'the reset seeded anew, all at once')
  t.equal(running.app.backgroundSeeding!.done, true, 'the background seeding stopped')
  t.ok(running.app.backgroundSeeding!.inserted < 20_000)
  t.equal((await running.app.inject({ url: '/__admin/health' })).statusCode, 200)
  await running.close()

  const closing = await launch(settings(), { logStream: sink().stream, seedInBackground: true, seedChunk: 100 })
  const seeding = closing.app.backgroundSeeding!
  await closing.close()
  t.equal(seeding.done, true, 'closed: the seeding stopped')
  t.ok(seeding.inserted < seeding.total)

  const small = await launch(settings({ tickets: BACKGROUND_FROM - 1 }), { logStream: sink().stream, seedInBackground: true })
  t.equal(small.app.backgroundSeeding, null)
  t.equal(small.store.count(), BACKGROUND_FROM - 1 + fixtures.tickets.length)
  await small.close()

  const db = join(t.testdir({}), 'coc.db')
  const file = await launch(settings({ db }), { logStream: sink().stream, seedInBackground: true })
  t.equal(file.app.backgroundSeeding, null, 'a database file is seeded before it listens')
  await file.close()

  const readyFile = join(t.testdir({}), 'ready')
  const ready = await launch(settings({ readyFile }), { logStream: sink().stream, seedInBackground: true, seedChunk: 1_000 })
  t.ok(existsSync(readyFile))
  t.equal(readFileSync(readyFile, 'utf8').trim(), ready.url)
  t.equal(ready.app.backgroundSeeding!.done, true, 'the ready file waits for every ticket')
  await ready.close()
})

t.test('a chunk that cannot be stored ends the seeding: health says why until a reset', async t => {
  const logs = sink()
  const running = await launch(settings(), { logStream: logs.stream, seedInBackground: true, seedChunk: 500 })
  t.teardown(() => running.close())
  const failing = createGenerator(1, fixtures, DEFAULT_DOMAIN_ID)(10_000).incident_num
  running.store.database.exec(`CREATE TRIGGER refuse BEFORE INSERT ON incidents WHEN NEW.incident_num = '${failing}' BEGIN SELECT RAISE(ABORT, 'refused by a test'); END`)
  const result = await running.app.backgroundSeeding!.finished
  t.equal(running.app.backgroundSeeding!.complete, false)
  t.ok(result.total < 20_000, `${result.total} tickets in when it ended`)
  const health = await running.app.inject({ url: '/__admin/health' })
  t.equal(health.statusCode, 500)
  t.match(health.json().error_msg, /^seeding failed after \d+ of 20000 synthetic tickets: refused by a test$/)
  t.match(logs.lines.join(''), /"level":50.*"msg":"seeding failed after \d+ synthetic tickets"/)
  running.store.database.exec('DROP TRIGGER refuse')
  t.equal((await running.app.inject({ method: 'POST', url: '/__admin/reset' })).statusCode, 200)
  t.equal((await running.app.inject({ url: '/__admin/health' })).statusCode, 200, 'a reset seeded anew')
})

t.test('a start that fails after the seeding began stops the seeding', async t => {
  const taken = createNetServer()
  await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => taken.close())
  const port = (taken.address() as { port: number }).port
  const before = process.listenerCount('exit')
  await t.rejects(launch(settings({ port, host: '127.0.0.1' }), { logStream: sink().stream, seedInBackground: true, seedChunk: 100 }), { code: 'EADDRINUSE' })
  t.equal(process.listenerCount('exit'), before, 'nothing left behind')
})
