import t from 'tap'
import { pino } from 'pino'
import { jsonString, lazyChildLogger } from '../../src/plugins/request-log.js'
import { newRequestId } from '../../src/request-id.js'
import { build, detailUrl, EXAMPLE_NUM, TOKEN } from '../support/helper.js'

t.test('jsonString writes what JSON.stringify writes', async t => {
  for (const value of ['', 'plain', 'IM2024', 'a"b', 'back\\slash', 'tab\there', 'nl\n', '\u0000\u001f', 'é ü 漢字', '\ud83d\ude00', 'lone \ud800 high', 'lone \udc00 low', '</script>', '\u2028']) {
    t.equal(jsonString(value), JSON.stringify(value), `${value.length} characters`)
  }
})

t.test('the access line is JSON, with what a client chose escaped', async t => {
  const { app, logs } = await build(t)
  const id = 'id-with-"quote"-and-\\'
  const res = await app.inject({ url: detailUrl(EXAMPLE_NUM) + '?a="b"', headers: { ...TOKEN, 'x-request-id': id } })
  t.equal(res.statusCode, 200)
  const line = JSON.parse(logs.find(l => l.includes('"msg":"request"'))!)
  t.equal(line.reqId, id)
  t.equal(line.path, detailUrl(EXAMPLE_NUM))
  t.same(Object.keys(line), ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'path', 'status', 'error_code', 'domain', 'ms', 'msg'])
})

t.test('a request\'s child logger is built when first used, with the request id', async t => {
  const lines: string[] = []
  const parent = pino({ level: 'info' }, { write: (line: string) => { lines.push(line) } })
  const lazy = lazyChildLogger.call(null, parent, { reqId: 'r-1' }, {})
  t.equal(lines.length, 0)
  t.equal(lazy.level, 'info')
  lazy.info({ a: 1 }, 'hello')
  lazy.debug('not at info')
  t.equal(lines.length, 1)
  t.match(JSON.parse(lines[0]!), { reqId: 'r-1', a: 1, msg: 'hello' })
  lazy.level = 'debug'
  lazy.debug('now shown')
  t.equal(lines.length, 2)
  lazy.child({ step: 2 }).warn('grandchild')
  t.match(JSON.parse(lines[2]!), { reqId: 'r-1', step: 2, msg: 'grandchild' })
})

t.test('fresh request ids are 32 hex digits and never repeat', async t => {
  const seen = new Set<string>()
  for (let i = 0; i < 1000; i++) {
    const id = newRequestId()
    t.match(id, /^[0-9a-f]{32}$/)
    seen.add(id)
  }
  t.equal(seen.size, 1000)
})
