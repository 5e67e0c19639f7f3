// A short smoke suite run on each supported Node version (.ci/node-smoke): from an installed
// copy of the package, with the Node binary that runs this script. Prints one line per check.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const EXAMPLE = 'IM202403181322030178042608'
const TOKEN = { 'X-Auth-Token': 'dev-token' }
const CREATE = {
  incident_level: 'level_40',
  is_service_interrupt: false,
  incident_type: 'inc_type_p_config_issues',
  incident_title: 'smoke',
  incident_source: 'incident_source_manual',
  creator: '9605B67C741D4553887A3462771107D3',
  incident_assignee: ['25819b46251b46218bf6ad238ddd860c']
}
let failed = 0

function check (ok, what) {
  process.stdout.write(`${ok ? 'ok' : 'not ok'} - node ${process.version}: ${what}\n`)
  if (!ok) failed++
}

async function serves (url, how) {
  const health = await fetch(`${url}/__admin/health`)
  check(health.status === 200, `${how}: health answers 200`)
  const detail = await (await fetch(`${url}/v1/external/incident/${EXAMPLE}`, { headers: TOKEN })).json()
  check(detail.data?.incident_num === EXAMPLE, `${how}: detail of the example ticket`)
  const created = await fetch(`${url}/v1/external/incident/create`, { method: 'POST', headers: { ...TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(CREATE) })
  const body = await created.json()
  check(created.status === 200 && /^IM\d+/.test(body.data?.incident_num ?? ''), `${how}: create answers a new ticket number`)
}

// The command, as `npx coc-emulator` would run it, but on this Node.
const bin = join(process.cwd(), 'node_modules', 'coc-emulator', 'dist', 'coc-emulator.mjs')
const child = spawn(process.execPath, [bin, '--port', '0', '--tickets', '10'], { stdio: ['ignore', 'pipe', 'inherit'] })
let output = ''
const url = await new Promise((resolve, reject) => {
  child.stdout.on('data', chunk => {
    output += String(chunk)
    if (output.includes('\n')) resolve(output.split('\n')[0])
  })
  child.on('exit', code => reject(new Error(`the command exited with ${code}`)))
})
check(/^http:\/\/127\.0\.0\.1:\d+$/.test(url), `the command prints its URL first (${url})`)
await serves(url, 'command')
const exited = new Promise(resolve => child.on('exit', resolve))
child.kill('SIGTERM')
check(await exited === 0, 'the command exits 0 on SIGTERM')

// The programmatic API, imported and required.
const { startEmulator } = await import('coc-emulator')
const emu = await startEmulator({ tickets: 10 })
await serves(emu.url, 'import')
check(await emu.admin.requests.count({ method: 'POST' }) === 1, 'import: the admin client counts the create')
await emu.close()
const required = createRequire(join(process.cwd(), 'package.json'))('coc-emulator')
const again = await required.startEmulator({ tickets: 0 })
check((await again.admin.health()).status === 'ok', 'require: startEmulator and the admin client')
await again.close()
process.exitCode = failed === 0 ? 0 : 1
