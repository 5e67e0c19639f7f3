import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'

/**
 * The baseline: a bare node:http server answering every request with one precomputed body,
 * the emulator's own response for the same ticket. Usage: baseline-server.js BODY_FILE --port N
 */
const body = readFileSync(process.argv[2]!)
const port = Number(process.argv[4] ?? 0)
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'x-request-id': 'baseline' })
  res.end(body)
})
server.keepAliveTimeout = 72_000
server.listen(port, '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))
