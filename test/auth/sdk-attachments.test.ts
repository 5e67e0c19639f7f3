import { createRequire } from 'node:module'
import t from 'tap'
import { sha256Hex } from '../../src/auth/signature.js'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'

// The official Node SDK core signs and sends these requests; it writes ~/.huaweicloud unless HOME moves.
process.env.HOME = t.testdir({})
const require = createRequire(import.meta.url)
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js')
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js')
// The multipart encoder the SDK core itself depends on and sends (its getHeaders() names the boundary).
const FormData = require('form-data')

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'

interface SdkClient { sendRequest (options: object): Promise<any> }

function client (url: string, sk = SK): SdkClient {
  return new ClientBuilder((c: SdkClient) => c, 'GlobalCredentials').withCredential(new GlobalCredentials().withAk(AK).withSk(sk).withDomainId('coc-dev-domain')).withEndpoint(url).build()
}

/** What the generated COC client sends for an upload: the form as data, multipart/form-data as its type. */
function upload (form: unknown, url = '/v1/external/incident/attachments', headers: Record<string, string> = {}) {
  return { method: 'POST', url, contentType: 'multipart/form-data', pathParams: {}, queryParams: {}, headers, data: form }
}

function fileForm (bytes: Buffer, filename: string, contentType: string): { getBuffer (): Buffer } {
  const form = new FormData()
  form.append('file', bytes, { filename, contentType })
  return form
}

async function refusal (promise: Promise<unknown>): Promise<{ httpStatusCode: number, errorCode: string, errorMsg: string }> {
  try {
    await promise
  } catch (err) {
    return err as { httpStatusCode: number, errorCode: string, errorMsg: string }
  }
  throw new Error('expected a refusal')
}

t.test('the SDK core uploads with its FormData path (UNSIGNED-PAYLOAD) and downloads the bytes', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const sdk = client(running.url)
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 255, 0, 128])
  const uploaded = await sdk.sendRequest(upload(fileForm(png, 'graph.png', 'image/png')))
  t.match(uploaded, { httpStatusCode: 200, code: 'GOM.00000000', provider_code: '049', data: { doc_id: /^[0-9a-f]{32}$/, doc_name: 'graph.png' } })

  const journal = await fetch(`${running.url}/__admin/requests?path=/v1/external/incident/attachments`).then(async res => res.json())
  t.match(journal.data.requests[0].headers, { 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD', authorization: /^SDK-HMAC-SHA256 Access=DEVAKCOCEMULATOR0001, SignedHeaders=/ },
    'the SDK left the body out of the signature, and content-type out of the signed headers')
  t.notMatch(journal.data.requests[0].headers.authorization, /content-type/)

  const downloaded = await sdk.sendRequest({
    method: 'GET', url: '/v1/{ticket_type}/attachments/{doc_id}', contentType: 'application/json', headers: {}, queryParams: {},
    pathParams: { ticket_type: 'incident', doc_id: uploaded.data.doc_id }, axiosRequestConfig: { responseType: 'arraybuffer' }
  })
  t.equal(downloaded.httpStatusCode, 200)
  t.same(Buffer.from(downloaded.body), png, 'the SDK reads the download as the uploaded bytes')

  const text = await sdk.sendRequest({ ...upload(fileForm(Buffer.from('disk full\n'), 'log.txt', 'text/plain'), '/v1/{ticket_type}/attachments'), pathParams: { ticket_type: 'incident' } })
  t.match(text, { httpStatusCode: 200, name: 'log.txt', data: { doc_name: 'log.txt' } }, 'CreateAttachment under its path template')
  const back = await sdk.sendRequest({
    method: 'GET', url: '/v1/{ticket_type}/attachments/{doc_id}', contentType: 'application/json', headers: {}, queryParams: {},
    pathParams: { ticket_type: 'incident', doc_id: text.id }, axiosRequestConfig: { responseType: 'arraybuffer' }
  })
  t.equal(Buffer.from(back.body).toString(), 'disk full\n', 'a text file comes back through the SDK\'s stream path too')
})

t.test('a multipart body signed over its own hash is verified against the bytes received', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const sdk = client(running.url)
  const form = fileForm(Buffer.from('disk full\n'), 'log.txt', 'text/plain')
  const hash = sha256Hex(form.getBuffer())
  const signed = await sdk.sendRequest(upload(form, '/v1/incident/attachments', { 'X-Sdk-Content-Sha256': hash }))
  t.match(signed, { httpStatusCode: 200, id: /^[0-9a-f]{32}$/, name: 'log.txt' }, 'the body hash matches')

  const stale = fileForm(Buffer.from('disk full\n'), 'log.txt', 'text/plain')
  const refused = await refusal(sdk.sendRequest(upload(stale, '/v1/incident/attachments', { 'X-Sdk-Content-Sha256': sha256Hex('another body') })))
  t.match(refused, { httpStatusCode: 400, errorCode: 'GOM.00004012', errorMsg: /^X-Sdk-Content-Sha256: not the SHA-256 of the body received/ })

  const wrong = await refusal(client(running.url, 'not-the-secret').sendRequest(upload(fileForm(Buffer.from('x'), 'a.txt', 'text/plain'))))
  t.match(wrong, { httpStatusCode: 400, errorCode: 'GOM.00004012', errorMsg: /^Authorization: the signature does not match/ }, 'UNSIGNED-PAYLOAD still checks the signature')
})
