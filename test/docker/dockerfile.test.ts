import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import { DEFAULTS } from '../../src/config.js'
import { PROJECT_ROOT } from '../../src/paths.js'
import { start } from '../../src/server.js'

// There is no Docker engine here: the Dockerfile is linted and its steps are checked as text,
// and the health-check command is run against a real emulator.
const TEXT = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8')
const dockerfile = DockerfileParser.parse(TEXT)
const instructions = dockerfile.getInstructions()
const stages = dockerfile.getFROMs()
const runtime = instructions.filter(i => i.getRange().start.line > stages.at(-1)!.getRange().start.line)
const args = (i: Instruction): string => i.getArgumentsContent() ?? ''
const find = (keyword: string, list = runtime): Instruction[] => list.filter(i => i.getKeyword() === keyword)

t.test('the Dockerfile lints clean', async t => {
  t.same(validate(TEXT).map(d => `${d.range.start.line + 1}: ${d.message}`), [])
})

t.test('multi-stage on a Node 20 slim image', async t => {
  t.equal(stages.length, 2)
  for (const from of stages) t.match(from.getImage(), /^node:20(\.\d+)*-[a-z]+-slim$|^node:20-slim$/)
  t.equal(stages[0]!.getBuildStage(), 'build')
})

t.test('production dependencies only in the image', async t => {
  const build = instructions.filter(i => !runtime.includes(i))
  t.ok(find('RUN', build).some(i => /\bnpm ci\b/.test(args(i))), 'the build stage installs from the lock file')
  t.ok(find('RUN', build).some(i => /npm prune --omit=dev/.test(args(i))), 'dev dependencies are pruned')
  t.notOk(find('RUN').some(i => /npm (ci|install)|apt-get/.test(args(i))), 'the runtime stage installs nothing')
  t.ok(find('COPY').some(i => /--from=build \/app\/node_modules/.test(i.getTextContent())), 'node_modules come from the build stage')
  t.ok(find('COPY').some(i => /seeds\/schema\.sql/.test(args(i)) && /seeds\/indexes\.sql/.test(args(i))), 'the schema and indexes the store reads')
  t.ok(find('COPY').some(i => /fixtures/.test(args(i))), 'the fixtures')
})

t.test('non-root, /data volume, listens on 0.0.0.0 and exposes the port', async t => {
  const user = find('USER')
  t.equal(user.length, 1)
  t.not(args(user[0]!), 'root')
  t.match(args(find('VOLUME')[0]!), /\/data/)
  t.match(args(find('ENV')[0]!), /HOST=0\.0\.0\.0/)
  t.match(args(find('EXPOSE')[0]!), String(DEFAULTS.port))
  t.same(JSON.parse(args(find('CMD')[0]!)), ['node', 'dist/coc-emulator.mjs'], 'starts the built server')
})

function healthCommand (): string[] {
  const text = args(find('HEALTHCHECK')[0]!)
  return JSON.parse(text.slice(text.indexOf('CMD') + 3).trim()) as string[]
}

async function runHealthCheck (port: number): Promise<number | null> {
  const [command, ...rest] = healthCommand()
  t.equal(command, 'node', 'the health check uses node (no curl in the image)')
  const child = spawn(process.execPath, rest, { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' })
  return await new Promise(resolve => child.on('exit', code => resolve(code)))
}

t.test('the health check passes against a running emulator and fails without one', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  const port = Number(new URL(running.url).port)
  t.equal(await runHealthCheck(port), 0, 'healthy')
  await running.close()
  t.equal(await runHealthCheck(port), 1, 'unhealthy once stopped')
})
