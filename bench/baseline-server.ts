import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'

/**
 * The baseline: a bare node:http server. GET answers every request with one precomputed body
 * (the emulator's own response for the same ticket); POST reads the body, parses it as JSON
 * and answers a fixed success envelope. Usage: baseline-server.js BODY_FILE --port N
 */
const body = readFileSync(process.argv[2]!)
const port = Number(process.argv[4] ?? 0)
const created = Buffer.from('{"provider_code":"049","error_code":"GOM.00000000","error_msg":null,"data":{"incident_num":"IM202611271200000000000001"}}')

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'x-request-id': 'baseline' })
    res.end(body)
    return
  }
  const chunks: Buffer[] = []
  req.on('data', chunk => chunks.push(chunk as Buffer))
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'))
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': created.length, 'x-request-id': 'baseline' })
    res.end(created)
  })
})
server.keepAliveTimeout = 72_000
server.listen(port, '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))
