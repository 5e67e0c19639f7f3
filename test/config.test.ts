import { delimiter } from 'node:path'
import t from 'tap'
import { ConfigError, DEFAULTS, helpText, parseCommand } from '../src/config.js'

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseCommand(argv, env)
  if (command.kind !== 'run') throw new Error(`expected a run command, got ${command.kind}`)
  return command.config
}

t.test('defaults', async t => {
  t.same(run([]), DEFAULTS)
  t.match(DEFAULTS, { port: 8080, host: '127.0.0.1', db: ':memory:', auth: 'strict' })
})

t.test('flags and environment variables', async t => {
  t.same(run(['--port', '9000', '--host', '0.0.0.0', '--db', '/tmp/x.db', '--seed', '42', '--tickets', '10', '--auth', 'off', '--log-level', 'warn', '--fixtures', '/f']),
    { ...DEFAULTS, port: 9000, host: '0.0.0.0', db: '/tmp/x.db', seed: 42, tickets: 10, auth: 'off', logLevel: 'warn', fixtures: '/f' })
  t.same(run([], { PORT: '9001', HOST: '::1', COC_DB: 'a.db', COC_SEED: '3', COC_TICKETS: '0', COC_AUTH: 'permissive', COC_LOG_LEVEL: 'silent', COC_FIXTURES: 'fx' }),
    { ...DEFAULTS, port: 9001, host: '::1', db: 'a.db', seed: 3, tickets: 0, auth: 'permissive', logLevel: 'silent', fixtures: 'fx' })
  t.match(run(['--admin-token', 's3cret', '--journal-size', '0', '--log-format', 'pretty']), { adminToken: 's3cret', journalSize: 0, logFormat: 'pretty' })
  t.match(run([], { COC_ADMIN_TOKEN: 't', COC_JOURNAL_SIZE: '100000', COC_LOG_FORMAT: 'json' }), { adminToken: 't', journalSize: 100_000, logFormat: 'json' })
  t.match(DEFAULTS, { adminToken: undefined, journalSize: 1000, logFormat: 'auto' })
  t.equal(DEFAULTS.detailCache, 256)
  t.equal(run(['--detail-cache', '0']).detailCache, 0)
  t.equal(run([], { COC_DETAIL_CACHE: '16384' }).detailCache, 16_384)
  t.equal(run(['--port=9002'], { PORT: '9001' }).port, 9002, 'a flag wins over the environment')
  t.equal(run([], { PORT: '' }).port, 8080, 'an empty variable counts as unset')
  t.equal(run(['--tickets', '1000000']).tickets, 1_000_000)
})

t.test('scenarios, --watch, --ready-file and --admin-access', async t => {
  t.match(DEFAULTS, { adminAccess: 'loopback', scenario: [], watch: false, readyFile: undefined })
  t.match(run(['--scenario', 'a.yaml', '--scenario', 'b.json', '--watch', '--ready-file', '/tmp/ready', '--admin-access', 'open']),
    { scenario: ['a.yaml', 'b.json'], watch: true, readyFile: '/tmp/ready', adminAccess: 'open' })
  t.match(run([], { COC_SCENARIO: `a.yaml${delimiter}b.json`, COC_WATCH: 'true', COC_READY_FILE: 'r', COC_ADMIN_ACCESS: 'open' }),
    { scenario: ['a.yaml', 'b.json'], watch: true, readyFile: 'r', adminAccess: 'open' })
  t.same(run(['--scenario', 'c.yaml'], { COC_SCENARIO: 'a.yaml' }).scenario, ['c.yaml'], 'flags win over the variable')
  t.equal(run(['--scenario', 'a.yaml'], { COC_WATCH: '1' }).watch, true)
  t.equal(run(['--scenario', 'a.yaml'], { COC_WATCH: '0' }).watch, false)
  t.equal(run([], { COC_WATCH: 'false' }).watch, false)
  t.equal(run([], { COC_SCENARIO: '' }).scenario.length, 0)
  t.match(helpText(), /--scenario <value>\s+COC_SCENARIO/)
})

t.test('help and version', async t => {
  t.same(parseCommand(['--help'], {}), { kind: 'help' })
  t.same(parseCommand(['-h', '--port', 'nope'], {}), { kind: 'help' }, 'help wins over bad values')
  t.same(parseCommand(['-v'], {}), { kind: 'version' })
  const help = helpText()
  for (const name of ['--port', 'PORT', '--host', 'HOST', '--db', 'COC_DB', '--seed', 'COC_SEED', '--tickets', 'COC_TICKETS', '--auth', 'COC_AUTH', '--log-level', 'COC_LOG_LEVEL', '--log-format', 'COC_LOG_FORMAT', '--admin-token', 'COC_ADMIN_TOKEN', '--journal-size', 'COC_JOURNAL_SIZE', '--detail-cache', 'COC_DETAIL_CACHE', 'dev-token', '/__admin/', '/openapi.json']) {
    t.match(help, name, `help mentions ${name}`)
  }
})

t.test('bad values get a one-line error naming the flag and the rule', async t => {
  const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [['--port', '70000'], {}, /^--port: must be an integer from 0 to 65535, got "70000"$/],
    [['--port=-1'], {}, /^--port: must be an integer/],
    [['--port', '-1'], {}, /^--port: must be an integer from 0 to 65535, got "-1"$/],
    [['--seed', '-5', '--port', '1'], {}, /^--seed: must be an integer from 0/],
    [['--admin-access', 'public'], {}, /^--admin-access: must be one of loopback, open, got "public"$/],
    [[], { COC_ADMIN_ACCESS: 'wide' }, /^--admin-access: must be one of loopback, open/],
    [['--scenario', ''], {}, /^--scenario: must not be empty$/],
    [['--watch'], {}, /^--watch: needs at least one --scenario file to watch$/],
    [['--scenario', 'a.yaml'], { COC_WATCH: 'yes' }, /^--watch: must be one of 1, true, 0, false, got "yes"$/],
    [['--ready-file', ' '], {}, /^--ready-file: must not be empty$/],
    [[], { PORT: 'eighty' }, /^--port: .*"eighty"/],
    [['--tickets', '1000001'], {}, /^--tickets: must be an integer from 0 to 1000000/],
    [['--seed', '1.5'], {}, /^--seed: must be an integer/],
    [['--auth', 'loose'], {}, /^--auth: must be one of strict, permissive, off, got "loose"$/],
    [['--log-level', 'loud'], {}, /^--log-level: must be one of/],
    [['--host', ' '], {}, /^--host: must not be empty$/],
    [['--db', ''], {}, /^--db: must not be empty$/],
    [['--fixtures', ''], {}, /^--fixtures: must not be empty$/],
    [['--admin-token', ' '], {}, /^--admin-token: must not be empty$/],
    [['--journal-size', '100001'], {}, /^--journal-size: must be an integer from 0 to 100000, got "100001"$/],
    [['--detail-cache', '16385'], {}, /^--detail-cache: must be an integer from 0 to 16384, got "16385"$/],
    [['--log-format', 'xml'], {}, /^--log-format: must be one of auto, json, pretty, got "xml"$/],
    [['--nope'], {}, /Unknown option '--nope'/],
    [['extra'], {}, /positional argument/],
    [['--port'], {}, /argument missing/]
  ]
  for (const [argv, env, message] of cases) {
    const error = (() => { try { parseCommand(argv, env) } catch (err) { return err } })()
    t.type(error, ConfigError, `${argv.join(' ')}: a ConfigError`)
    t.match((error as Error).message, message, (error as Error).message)
    t.notMatch((error as Error).message, /\n/, 'one line')
  }
})
