import t from 'tap'
import { validate } from 'dockerfile-utils'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { args, find, healthCommand, instructions, runHealthCheck, runtime, stages, TEXT } from '../support/dockerfile.js'

// There is no Docker engine here: the Dockerfile is linted and its steps are checked as text,
// and the health-check command is run against a real emulator (image-steps.test.ts runs the rest).
t.test('the Dockerfile lints clean', async t => {
  t.same(validate(TEXT).map(d => `${d.range.start.line + 1}: ${d.message}`), [])
})

t.test('multi-stage on the Node 24 slim image', async t => {
  t.equal(stages.length, 2)
  for (const from of stages) t.match(from.getImage(), /^node:24(\.\d+)*-[a-z]+-slim$|^node:24-slim$/)
  t.equal(stages[0]!.getBuildStage(), 'build')
})

t.test('the image holds the installed package and its runtime dependencies only', async t => {
  const build = instructions.filter(i => !runtime.includes(i))
  const runs = find('RUN', build).map(args)
  t.ok(runs.some(text => /\bnpm ci --ignore-scripts\b/.test(text)), 'the build stage installs from the lock file, compiling nothing')
  t.ok(runs.some(text => /npm run build && npm pack\b/.test(text)), 'it builds and packs the package')
  t.ok(runs.some(text => /npm install --omit=dev .*\/app\/coc-emulator-\*\.tgz/.test(text)), 'and installs the tarball without dev dependencies')
  t.notOk(find('RUN').some(i => /npm (ci|install)|apt-get/.test(args(i))), 'the runtime stage installs nothing')
  t.same(find('COPY').map(i => i.getTextContent()), ['COPY --from=build /runtime/node_modules ./node_modules'], 'it copies the installed package only')
})

t.test('non-root, /data volume, listens on 0.0.0.0 and exposes the port', async t => {
  const user = find('USER')
  t.equal(user.length, 1)
  t.not(args(user[0]!), 'root')
  t.match(args(find('VOLUME')[0]!), /\/data/)
  t.match(args(find('ENV')[0]!), /HOST=0\.0\.0\.0/)
  t.match(args(find('EXPOSE')[0]!), String(DEFAULTS.port))
  t.same(JSON.parse(args(find('CMD')[0]!)), ['node', 'node_modules/coc-emulator/dist/coc-emulator.mjs'], 'starts the installed command')
})

t.test('the health check passes against a running emulator and fails without one', async t => {
  t.equal(healthCommand()[0], 'node', 'the health check uses node (no curl in the image)')
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  const port = Number(new URL(running.url).port)
  t.equal(await runHealthCheck(port), 0, 'healthy')
  await running.close()
  t.equal(await runHealthCheck(port), 1, 'unhealthy once stopped')
})
