import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { DEFAULTS, type Config } from '../src/config.js'
import { launch, type LaunchSettings } from '../src/launch.js'
import { DEFAULT_FIXTURES_DIR, PROJECT_ROOT } from '../src/paths.js'
import { main } from '../src/server.js'
import { EXAMPLE_NUM, until } from './support/helper.js'
import { NEEDS_PROC, openFilesUnder, tmpdirSetter } from './support/tmpdir.js'

const EXAMPLE_SCENARIO = join(PROJECT_ROOT, 'examples', 'scenario.yaml')
const settings = (over: Partial<LaunchSettings> = {}): LaunchSettings => ({ ...DEFAULTS, logLevel: 'silent', port: 0, tickets: 5, ...over })

function sink () {
  const lines: string[] = []
  return { lines, stream: new Writable({ write (chunk, _e, done) { lines.push(String(chunk)); done() } }) }
}

const get = async (url: string, token = 'dev-token') => await fetch(url, { headers: { 'X-Auth-Token': token } })

// A reload is waited for up to 6 s.
const RELOAD = { tries: 150, everyMs: 40 }

t.test('the example scenario: identities, clock, tickets and faults, at start and after every reset', async t => {
  const running = await launch(settings({ scenario: [EXAMPLE_SCENARIO] }))
  t.teardown(() => running.close())
  const open = await get(`${running.url}/v1/external/incident/IM-QA-OPEN-1`, 'qa-token')
  t.equal(open.status, 200, 'the scenario\'s token is accepted')
  const detail = (await open.json() as { data: { create_time: number, enum_data_list: Array<{ filed_key: string, name_en: string }> } }).data
  t.equal(detail.create_time, 1735689600000, 'created at the scenario\'s frozen clock')
  const rooms = await (await fetch(`${running.url}/__admin/warrooms?domain_id=coc-dev-domain&limit=1000`)).json() as { data: { warrooms: Array<{ war_room_num: string, incident_num: string }> } }
  t.same(rooms.data.warrooms.filter(room => room.incident_num.startsWith('IM-QA-')).map(room => room.war_room_num), ['WR202501010800000000000001'], 'the scenario ticket\'s war room')
  t.equal((await get(`${running.url}/v1/external/incident/IM-QA-OPEN-1`, 'qa-token-expired')).status, 400, 'the expired token is refused')
  const list = () => fetch(`${running.url}/v2/incidents/list`, { method: 'POST', headers: { 'X-Auth-Token': 'dev-token', 'content-type': 'application/json' }, body: '{}' })
  t.equal((await list()).status, 429, 'the scenario\'s fault answers once')
  t.equal((await list()).status, 200)
  await fetch(`${running.url}/__admin/tickets/IM-QA-OPEN-1`, { method: 'DELETE' })
  t.equal((await get(`${running.url}/v1/external/incident/IM-QA-OPEN-1`)).status, 400, 'deleted')
  const reset = await fetch(`${running.url}/__admin/reset`, { method: 'POST' })
  t.match(await reset.json(), { data: { tickets: 5 + 2 + 2 } }, 'seeded, fixture and scenario tickets')
  t.equal((await get(`${running.url}/v1/external/incident/IM-QA-OPEN-1`)).status, 200, 'back after the reset')
  t.equal((await list()).status, 429, 'the fault is back too')
  const resolved = await get(`${running.url}/v1/external/incident/IM-QA-RESOLVED-1`)
  t.match(await resolved.json(), { data: { status: 'INCIDENT_STATUS_RESOLVED' } })
  const empty = await (await fetch(`${running.url}/__admin/reset?empty=true`, { method: 'POST' })).json() as { data: { tickets: number } }
  t.equal(empty.data.tickets, 2, 'reset?empty=true drops the seeded tickets; the scenario\'s stay')
})

t.test('scenario objects, JSON files and their errors name the source, the path and the rule', async t => {
  const dir = t.testdir({
    'ok.json': JSON.stringify({ tickets: [{ incident_num: 'IM-JSON-1', incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_title: 'from json', incident_source: 'incident_source_manual', creator: 'u' }] }),
    'alarms.yaml': 'alarms: []\nwar_rooms: []\n',
    'one.yaml': 'categories: []\n',
    'list.yaml': '- 1\n',
    'type.yaml': 'tickets:\n  - incident_num: IM-X\n    incident_level: 5\n',
    'nested.json': JSON.stringify({ clock: { frozen_at: 1, frozen: true } }),
    'fault.json': JSON.stringify({ faults: [{ method: 'GET', path: '/__admin/reset', status: 500 }] }),
    'token.json': JSON.stringify({ tokens: [{ token: 'x', domain_id: 'd', user_id: 'u', expires_at: 'soon' }] }),
    'bad.json': '{"tickets": [',
    'bad.yaml': 'tickets: [\n',
    'dup.json': JSON.stringify({ tickets: [{ incident_num: EXAMPLE_NUM, incident_level: 'level_40', is_service_interrupt: false, incident_type: 'inc_type_p_config_issues', incident_title: 't', incident_source: 'incident_source_manual', creator: 'u' }] })
  })
  const running = await launch(settings({ scenario: [join(dir, 'ok.json'), { users: [{ user_id: 'obj-user', name: 'from an object' }], clock: { offset_ms: 1000 } }] }))
  t.equal((await get(`${running.url}/v1/external/incident/IM-JSON-1`)).status, 200)
  t.match(await (await fetch(`${running.url}/__admin/clock`)).json(), { data: { offset_ms: 1000, frozen_at: null } })
  await running.close()
  const cases: Array<[string, RegExp]> = [
    ['alarms.yaml', /alarms\.yaml: unknown top-level keys alarms, war_rooms; a scenario holds users, tokens, credentials, clock, tickets, faults \(alarms come from the seed and \/__admin\/alarms, war rooms from a ticket's warroom_id and the COC routes, applications from the fixtures and \/__admin\/applications, categories from the fixtures and \/__admin\/categories\)$/],
    ['one.yaml', /one\.yaml: unknown top-level key categories;/],
    ['list.yaml', /list\.yaml: a scenario is an object/],
    ['type.yaml', /type\.yaml: at \/tickets\/0\/is_service_interrupt: Expected required property$/],
    ['nested.json', /nested\.json: clock\.frozen: unknown field; allowed: frozen_at, offset_ms$/],
    ['fault.json', /fault\.json: faults\[0\]\.path: faults apply to the COC API/],
    ['token.json', /token\.json: at \/tokens\/0\/expires_at: not an ISO 8601 instant: soon$/],
    ['bad.json', /bad\.json: not valid JSON: /],
    ['bad.yaml', /bad\.yaml: not valid YAML: /],
    ['missing.yaml', /missing\.yaml: ENOENT/],
    ['dup.json', /dup\.json: tickets\[0\]\.incident_num: a ticket \[IM202403181322030178042608\] exists already$/]
  ]
  for (const [file, message] of cases) {
    await t.rejects(launch(settings({ scenario: [join(dir, file)] })), { name: 'ScenarioError', message }, file)
  }
  await t.rejects(launch(settings({ scenario: [{ alarms: [] } as never] })), { message: /^scenario\[0\]: unknown top-level key alarms/ })
  const err = { text: '', write (chunk: string) { this.text += chunk; return true } }
  t.equal(await main(['--port', '0', '--scenario', join(dir, 'alarms.yaml')], {}, { stdout: err, stderr: err }), 1, 'the command line exits 1')
  t.match(err.text, /^coc-emulator: cannot start: scenario: .*alarms\.yaml: unknown top-level keys alarms, war_rooms/)
})

t.test('a reset whose scenario finds the store full is a 507, not a scenario\'s 409', async t => {
  const running = await launch(settings({ scenario: [EXAMPLE_SCENARIO] }))
  t.teardown(() => running.close())
  // The scenario's tickets are checked against the store one by one: that is where it fills up.
  running.store.exists = () => { throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }) }
  const reset = await fetch(`${running.url}/__admin/reset`, { method: 'POST' })
  t.equal(reset.status, 507)
  t.match(await reset.json(), { error_code: 'GOM.00005070', error_msg: /^store: full/ })
})

t.test('--watch reloads on change; a bad file is reported and the previous state stays', async t => {
  const dir = t.testdir({})
  const file = join(dir, 'scenario.yaml')
  // Replaced whole, as editors save: the watcher never sees half a file.
  const save = (path: string, text: string) => {
    writeFileSync(`${path}.tmp`, text)
    renameSync(`${path}.tmp`, path)
  }
  cpSync(EXAMPLE_SCENARIO, file)
  const logs = sink()
  // An object in the list is not watched: only files are.
  const running = await launch(settings({ scenario: [file, { users: [] }], watch: true, logLevel: 'info' }), { logStream: logs.stream })
  t.teardown(() => running.close())
  const title = async (num: string) => ((await (await get(`${running.url}/v1/external/incident/${num}`)).json()) as { data: { incident_title?: string } | null }).data?.incident_title
  t.equal(await title('IM-QA-OPEN-1'), 'disk almost full on db-01')
  save(file, readFileSync(EXAMPLE_SCENARIO, 'utf8').replace('disk almost full on db-01', 'disk full on db-02'))
  t.ok(await until(async () => await title('IM-QA-OPEN-1') === 'disk full on db-02', RELOAD), 'the change is loaded')
  t.ok(logs.lines.some(line => line.includes('"msg":"scenario reloaded"')))
  save(file, 'war_rooms: []\n')
  t.ok(await until(async () => logs.lines.some(line => line.includes('scenario not reloaded')), RELOAD), 'the bad file is reported')
  const error = logs.lines.find(line => line.includes('scenario not reloaded'))!
  t.match(JSON.parse(error), { level: 50, msg: /scenario not reloaded, the previous one stays: .*scenario\.yaml: unknown top-level key war_rooms/ })
  t.equal(await title('IM-QA-OPEN-1'), 'disk full on db-02', 'the previous scenario stays')
  // A file that is valid alone but cannot be applied (its ticket number is seeded already).
  save(file, `tickets:\n  - { incident_num: ${EXAMPLE_NUM}, incident_level: level_40, is_service_interrupt: false, incident_type: inc_type_p_config_issues, incident_title: t, incident_source: incident_source_manual, creator: u }\n`)
  t.ok(await until(async () => logs.lines.filter(line => line.includes('scenario not reloaded')).length === 2, RELOAD), 'a scenario that cannot be applied is reported')
  t.match(logs.lines.filter(line => line.includes('scenario not reloaded'))[1], /exists already|already exists|IM202403181322030178042608/)
  t.equal(await title('IM-QA-OPEN-1'), 'disk full on db-02', 'and the previous one is back')
  t.equal(await running.reload(), false, 'reload() says so too')
  rmSync(file)
  t.ok(await until(async () => logs.lines.filter(line => line.includes('scenario not reloaded')).length === 4, RELOAD), 'a removed file is reported too')
  t.match(logs.lines.filter(line => line.includes('scenario not reloaded'))[3], /ENOENT/)
})

t.test('--ready-file gets the URL once the emulator answers', async t => {
  const readyFile = join(t.testdir({}), 'ready')
  const running = await launch(settings({ readyFile }))
  t.teardown(() => running.close())
  const url = readFileSync(readyFile, 'utf8')
  t.equal(url, `${running.url}\n`)
  t.equal((await fetch(`${url.trim()}/__admin/health`)).status, 200)
})

t.test('a --db kept from an earlier run is not given the scenario\'s tickets twice', async t => {
  const db = join(t.testdir({}), 'coc.db')
  const first = await launch(settings({ db, scenario: [EXAMPLE_SCENARIO] }))
  const count = first.store.count()
  await first.close()
  const second = await launch(settings({ db, scenario: [EXAMPLE_SCENARIO] }))
  t.teardown(() => second.close())
  t.equal(second.store.count(), count)
  t.match(await (await fetch(`${second.url}/__admin/clock`)).json(), { data: { frozen_at: 1735689600000 } }, 'the clock is set again')
})

t.test('a fixtures folder with some of the files: the others are the defaults', async t => {
  const dir = t.testdir({ 'users.json': JSON.stringify([{ user_id: 'only-user', name: 'only' }]) })
  const logs = sink()
  const config: Config = { ...DEFAULTS, logLevel: 'info', port: 0, tickets: 3, fixtures: dir }
  const running = await launch(config, { logStream: logs.stream })
  t.teardown(() => running.close())
  t.equal((await get(`${running.url}/v1/external/incident/${EXAMPLE_NUM}`)).status, 200, 'default tokens and tickets')
  t.match(logs.lines.join(''), new RegExp(`its SK is in ${join(DEFAULT_FIXTURES_DIR, 'credentials.json')}`), 'the SK is in the default file')
  cpSync(join(DEFAULT_FIXTURES_DIR, 'credentials.json'), join(dir, 'credentials.json'))
  const own = sink()
  const second = await launch({ ...config }, { logStream: own.stream })
  await second.close()
  t.match(own.lines.join(''), new RegExp(`its SK is in ${join(dir, 'credentials.json')}`), 'or in the folder\'s own')
  const given = sink()
  const third = await launch({ ...config, fixtures: { credentials: [{ ak: 'AKGIVEN', sk: 'skgiven', domain_id: 'd', project_ids: [], user_id: 'u' }] } }, { logStream: given.stream })
  await third.close()
  t.match(given.lines.join(''), /sign with AK AKGIVEN \(its SK is in the fixtures option\)/)
  const lists = sink()
  const fourth = await launch({ ...config, fixtures: { users: [{ user_id: 'u', name: 'n' }] } }, { logStream: lists.stream })
  await fourth.close()
  t.match(lists.lines.join(''), new RegExp(`its SK is in ${join(DEFAULT_FIXTURES_DIR, 'credentials.json')}`), 'lists without credentials: the default file')
  t.notMatch(given.lines.join(''), /skgiven/)
})

t.test('a large in-memory store keeps part of itself in a file nobody else can reach; without a usable temporary folder, all of it in memory, and the log says why', { skip: NEEDS_PROC }, async t => {
  const folder = t.testdir({ 'not-a-folder': '' })
  const setTmpdir = tmpdirSetter(t)
  const held = () => openFilesUnder(folder).length
  const largeStore = { from: 20, cacheMiB: 1 }

  setTmpdir(folder)
  const small = await launch(settings({ tickets: 19 }), { largeStore })
  t.equal(held(), 0, 'fewer tickets than the threshold: every page in the process')
  await small.close()
  const largeLogs = sink()
  const large = await launch(settings({ tickets: 20, logLevel: 'info' }), { largeStore, logStream: largeLogs.stream })
  t.equal(held(), 1, 'from the threshold on: one file, already without a name')
  const started = largeLogs.lines.map(line => JSON.parse(line) as { db?: string, pages_beyond_cache?: string }).find(line => line.db !== undefined)
  t.same({ db: started?.db, pages_beyond_cache: started?.pages_beyond_cache }, { db: ':memory:', pages_beyond_cache: `${folder} (1 MiB kept in memory)` }, 'the start-up line says where the pages go')
  t.equal((await get(`${large.url}/v1/external/incident/${EXAMPLE_NUM}`)).status, 200)
  await large.close()
  t.equal(held(), 0, 'and let go at close')
  const file = await launch(settings({ tickets: 20, db: join(folder, 'kept.db') }), { largeStore })
  t.equal(file.store.location, join(folder, 'kept.db'), 'a --db file is what it always was')
  await file.close()

  setTmpdir(join(folder, 'not-a-folder'))
  const logs = sink()
  const unspilled = await launch(settings({ tickets: 20, logLevel: 'info' }), { largeStore, logStream: logs.stream })
  t.teardown(() => unspilled.close())
  t.equal((await get(`${unspilled.url}/v1/external/incident/${EXAMPLE_NUM}`)).status, 200, 'the emulator still starts')
  // SQLite's own in-memory database (better-sqlite3's default cache size), not the 1 GiB image a large store could outgrow.
  t.equal(unspilled.store.database.pragma('cache_size', { simple: true }), -16000, 'every page in SQLite\'s own in-memory database')
  const warning = logs.lines.map(line => JSON.parse(line) as { level: number, msg: string }).find(line => line.level === 40)
  t.match(warning?.msg, /^every page of the 20 tickets stays in memory \(about 900 bytes each\): no file for the pages beyond 1 MiB could be made in the temporary folder \(ENOTDIR: .*\); set TMPDIR to a folder on disk with room for about 900 bytes a ticket$/)
})

t.test('ticket details are rendered ahead of their first read, within --detail-cache', async t => {
  for (const [detailCache, rendered] of [[256, 5 + 2], [0, 0]] as const) {
    const logs = sink()
    const running = await launch(settings({ logLevel: 'debug', detailCache }), { logStream: logs.stream })
    t.teardown(() => running.close())
    const said = (): string | undefined => logs.lines.find(line => line.includes('rendered ahead of their first read'))
    t.ok(await until(() => said() !== undefined), 'the walk says when it is done')
    t.match(JSON.parse(said()!), { level: 20, rendered, msg: `${rendered} ticket details rendered ahead of their first read` }, `--detail-cache ${detailCache}`)
    if (detailCache === 0) continue
    await fetch(`${running.url}/__admin/reset`, { method: 'POST' })
    t.ok(await until(() => logs.lines.filter(line => line.includes('rendered ahead of their first read')).length === 2), 'a reset renders them again')
  }
})
