import { createRequire } from 'node:module'
import t from 'tap'
import { sha256Hex } from '../../src/auth/signature.js'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { EXAMPLE_NUM } from '../support/helper.js'

// The official Node SDK core signs these requests; it writes ~/.huaweicloud unless HOME moves.
process.env.HOME = t.testdir({})
const require = createRequire(import.meta.url)
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js')
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js')
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js')

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'

interface SdkClient { sendRequest (options: object): Promise<{ httpStatusCode: number, error_code: string, data: any }> }

function client (url: string, credential: object): SdkClient {
  return new ClientBuilder((c: SdkClient) => c, 'GlobalCredentials,BasicCredentials').withCredential(credential).withEndpoint(url).build()
}

const request = (method: string, url: string, extra: object = {}) => ({
  method, url, contentType: 'application/json;charset=UTF-8', pathParams: {}, queryParams: {}, headers: {}, ...extra
})

async function refusal (promise: Promise<unknown>): Promise<{ httpStatusCode: number, errorCode: string, errorMsg: string, requestId: string }> {
  try {
    await promise
  } catch (err) {
    return err as { httpStatusCode: number, errorCode: string, errorMsg: string, requestId: string }
  }
  throw new Error('expected a refusal')
}

t.test('the official SDK\'s signed requests are accepted', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  t.teardown(() => running.close())
  const global = client(running.url, new GlobalCredentials().withAk(AK).withSk(SK).withDomainId('coc-dev-domain'))
  const basic = client(running.url, new BasicCredentials().withAk(AK).withSk(SK).withProjectId('coc-dev-project'))
  const temporary = client(running.url, new GlobalCredentials().withAk('DEVAKCOCEMULATORTMP1').withSk('devskcocemulatortemporary000000000000001')
    .withSecurityToken('dev-security-token-0001').withDomainId('coc-dev-domain'))

  for (const [name, sdk] of [['global credentials', global], ['basic credentials', basic], ['temporary credentials', temporary]] as const) {
    const detail = await sdk.sendRequest(request('GET', '/v1/external/incident/{incident_num}', { pathParams: { incident_num: EXAMPLE_NUM } }))
    t.match(detail, { httpStatusCode: 200, data: { incident_num: EXAMPLE_NUM } }, `${name}: detail`)
    const created = await sdk.sendRequest(request('POST', '/v1/external/incident/create', {
      data: { incident_level: 'level_40', is_service_interrupt: 'true', incident_type: 'inc_type_p_function_issues', incident_title: `made with ${name}`, incident_source: 'incident_source_manual', creator: 'u', incident_assignee: ['a'] }
    }))
    t.match(created.data.incident_num, /^IM\d{24}$/, `${name}: create`)
    const handled = await sdk.sendRequest(request('POST', '/v1/external/incident/handle', { data: { incident_num: created.data.incident_num, operator: 'u', operate_key: 'acceptedIncident1', parameter: {} } }))
    t.match(handled, { httpStatusCode: 200, error_code: 'GOM.00000000' }, `${name}: handle`)
  }
  const listed = await global.sendRequest(request('GET', '/v1/incident-tickets', { queryParams: { offset: 2, limit: 3 } }))
  t.equal(listed.data.IncidentSimpleTicketInfos.length, 3, 'a query string is signed and verified')
  const encoded = await refusal(global.sendRequest(request('GET', '/v1/external/incident/{incident_num}', { pathParams: { incident_num: 'IM 中 x' } })))
  t.match(encoded, { httpStatusCode: 400, errorCode: 'COC.00067003' }, 'a percent-encoded path parameter passes the signature check and is looked up')
  t.match(encoded.requestId, /^[0-9a-f]{32}$/, 'the SDK reads X-Request-Id')

  const wrong = client(running.url, new GlobalCredentials().withAk(AK).withSk('not-the-secret').withDomainId('coc-dev-domain'))
  const refused = await refusal(wrong.sendRequest(request('GET', '/v1/external/incident/{incident_num}', { pathParams: { incident_num: EXAMPLE_NUM } })))
  t.match(refused, { httpStatusCode: 400, errorCode: 'GOM.00004012', errorMsg: /^Authorization: the signature does not match/ })
  const otherDomain = client(running.url, new GlobalCredentials().withAk(AK).withSk(SK).withDomainId('coc-other-domain'))
  t.match(await refusal(otherDomain.sendRequest(request('GET', '/v1/external/incident/{incident_num}', { pathParams: { incident_num: EXAMPLE_NUM } }))),
    { errorCode: 'GOM.00004012', errorMsg: 'X-Domain-Id: [coc-other-domain] is not the domain of these credentials' })
})

t.test('the SDK with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD or the body\'s hash passes; a stale hash is refused', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 5, logLevel: 'silent' })
  t.teardown(() => running.close())
  const sdk = client(running.url, new GlobalCredentials().withAk(AK).withSk(SK).withDomainId('coc-dev-domain'))
  const data = { incident_num: EXAMPLE_NUM, operator: 'u', operate_key: 'forwardOther1', parameter: { virtual_send_assignee: 'u2' } }
  // The SDK puts the header's value in the canonical request in place of the body's hash.
  for (const value of ['UNSIGNED-PAYLOAD', sha256Hex(JSON.stringify(data))]) {
    const handled = await sdk.sendRequest(request('POST', '/v1/external/incident/handle', { data, headers: { 'X-Sdk-Content-Sha256': value } }))
    t.match(handled, { httpStatusCode: 200, error_code: 'GOM.00000000' }, `X-Sdk-Content-Sha256: ${value}`)
  }
  const stale = sha256Hex(JSON.stringify({ ...data, parameter: { virtual_send_assignee: 'u3' } }))
  const refused = await refusal(sdk.sendRequest(request('POST', '/v1/external/incident/handle', { data, headers: { 'X-Sdk-Content-Sha256': stale } })))
  t.match(refused, { httpStatusCode: 400, errorCode: 'GOM.00004012', errorMsg: /^X-Sdk-Content-Sha256: not the SHA-256 of the body received/ })
})
