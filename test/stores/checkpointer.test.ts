import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { startCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from '../../src/stores/checkpointer.js'
import { openIncidentStore } from '../../src/stores/incident-store.js'
import { makeRecord, until } from '../support/helper.js'

t.test('a file store\'s WAL is moved into the database file by a thread of its own, not by the writer', async t => {
  const file = join(t.testdir({}), 'coc.db')
  const store = openIncidentStore(file)
  t.teardown(() => store.close())
  t.equal(store.database.pragma('wal_autocheckpoint', { simple: true }), WRITER_AUTOCHECKPOINT_PAGES, 'the writer waits for 10,000 pages')
  // Let the thread take in the schema first, so that what follows is all in the WAL.
  t.ok(await until(() => statSync(file).size > 0))
  const before = statSync(file).size
  // About 300 pages: far below the writer's own threshold.
  store.insertMany(Array.from({ length: 300 }, (_, i) => makeRecord({ incident_num: `IM-CKPT-${i}`, incident_description: 'x'.repeat(3000) })))
  t.ok(statSync(`${file}-wal`).size > 300 * 4096, 'the rows went to the WAL')
  t.ok(await until(() => statSync(file).size > before + 300 * 4096), 'and from there into the database file, with no checkpoint by the writer')
})

t.test('closing a file store ends the thread: the last connection gone, the WAL is folded in and removed', async t => {
  const file = join(t.testdir({}), 'coc.db')
  const store = openIncidentStore(file)
  store.insertMany([makeRecord({ incident_num: 'IM-CKPT-CLOSE' })])
  t.ok(existsSync(`${file}-wal`))
  store.close()
  t.ok(await until(() => !existsSync(`${file}-wal`)), 'no WAL left once both connections are closed')
  const reopened = openIncidentStore(file)
  t.teardown(() => reopened.close())
  t.equal(reopened.exists('IM-CKPT-CLOSE'), true)
})

t.test('a thread that cannot open the file ends, says why, and leaves the checkpoints to the writer', async t => {
  const missing = join(t.testdir({}), 'no-such.db')
  const checkpointer = startCheckpointer(missing)
  t.ok(await until(() => checkpointer.error !== undefined), 'the thread failed')
  t.match(checkpointer.error, { code: 'SQLITE_CANTOPEN' }, 'SQLite could not open it')
  t.equal(existsSync(missing), false, 'it made no file')
  await checkpointer.stop()
})
