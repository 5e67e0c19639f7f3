import { createRequire } from 'node:module'
import t from 'tap'
import { DEFAULTS } from '../../src/config.js'
import { start } from '../../src/server.js'
import { EXAMPLE_NUM } from '../support/helper.js'

// The official Node SDK core discovers the domain or project through IAM; it writes
// ~/.huaweicloud unless HOME moves.
process.env.HOME = t.testdir({})
const require = createRequire(import.meta.url)
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js')
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js')
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js')
const { Region } = require('@huaweicloud/huaweicloud-sdk-core/region/region.js')

const AK = 'DEVAKCOCEMULATOR0001'
const SK = 'devskcocemulator000000000000000000000001'

interface SdkClient { sendRequest (options: object): Promise<{ httpStatusCode: number, data: { incident_num: string } }> }
interface Journaled { method: string, path: string, query: string, headers: Record<string, string>, status: number }

const detail = {
  method: 'GET', url: '/v1/external/incident/{incident_num}', contentType: 'application/json', pathParams: { incident_num: EXAMPLE_NUM }, queryParams: {}, headers: {}
}

async function journal (url: string): Promise<Journaled[]> {
  const res = await fetch(`${url}/__admin/requests?limit=10`)
  return ((await res.json()) as { data: { requests: Journaled[] } }).data.requests.reverse()
}

// The SDK asks IAM only when the client has a region (ClientBuilder.withRegion); the SDK caches
// what it found per AK and region, so each case names a region of its own.
t.test('GlobalCredentials without a domain id: the SDK asks IAM here, then calls COC with the domain found', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const credential = new GlobalCredentials().withAk(AK).withSk(SK).withIamEndpoint(running.url)
  const client: SdkClient = new ClientBuilder((c: SdkClient) => c).withCredential(credential).withRegion(new Region('cn-north-4', running.url)).build()
  const answer = await client.sendRequest(detail)
  t.equal(answer.httpStatusCode, 200)
  t.equal(answer.data.incident_num, EXAMPLE_NUM)
  t.equal(credential.domainId, 'coc-dev-domain', 'the credential holds the discovered domain')
  const seen = await journal(running.url)
  t.same(seen.map(r => `${r.method} ${r.path} ${r.status}`), ['GET /v3/auth/domains 200', `GET /v1/external/incident/${EXAMPLE_NUM} 200`])
  t.match(seen[0]!.headers.authorization, /^SDK-HMAC-SHA256 Access=DEVAKCOCEMULATOR0001, /, 'IAM was asked with a signed request')
  t.equal(seen[1]!.headers['x-domain-id'], 'coc-dev-domain', 'and the COC call names the domain found')
})

t.test('BasicCredentials without a project id: the SDK asks for the region\'s project', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const credential = new BasicCredentials().withAk(AK).withSk(SK).withIamEndpoint(running.url)
  const client: SdkClient = new ClientBuilder((c: SdkClient) => c).withCredential(credential).withRegion(new Region('ap-southeast-3', running.url)).build()
  const answer = await client.sendRequest(detail)
  t.equal(answer.httpStatusCode, 200)
  t.equal(credential.projectId, 'coc-dev-project')
  const seen = await journal(running.url)
  t.same(seen.map(r => `${r.method} ${r.path} ${r.status}`), ['GET /v3/projects 200', `GET /v1/external/incident/${EXAMPLE_NUM} 200`])
  t.equal(seen[0]!.query, 'name=ap-southeast-3', 'asked by region name')
  t.equal(seen[1]!.headers['x-project-id'], 'coc-dev-project')
})

t.test('credentials from the environment: HUAWEICLOUD_SDK_IAM_ENDPOINT points discovery here', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  const env = { HUAWEICLOUD_SDK_TYPE: 'GlobalCredentials', HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_IAM_ENDPOINT: running.url }
  Object.assign(process.env, env)
  t.teardown(async () => {
    for (const key of Object.keys(env)) Reflect.deleteProperty(process.env, key)
    await running.close()
  })
  const client: SdkClient = new ClientBuilder((c: SdkClient) => c).withRegion(new Region('cn-south-1', running.url)).build()
  t.equal((await client.sendRequest(detail)).data.incident_num, EXAMPLE_NUM)
  t.same((await journal(running.url)).map(r => r.path), ['/v3/auth/domains', `/v1/external/incident/${EXAMPLE_NUM}`])
})

t.test('with withEndpoint and no region the SDK skips discovery, and the COC call still succeeds', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  const credential = new GlobalCredentials().withAk(AK).withSk(SK).withIamEndpoint(running.url)
  const client: SdkClient = new ClientBuilder((c: SdkClient) => c).withCredential(credential).withEndpoint(running.url).build()
  t.equal((await client.sendRequest(detail)).httpStatusCode, 200)
  const seen = await journal(running.url)
  t.same(seen.map(r => r.path), [`/v1/external/incident/${EXAMPLE_NUM}`], 'no IAM call')
  t.equal(seen[0]!.headers['x-domain-id'], undefined, 'the domain comes from the AK alone')
})

t.test('a failing IAM (an injected fault) fails the SDK call before COC is called', async t => {
  const running = await start({ ...DEFAULTS, port: 0, tickets: 0, logLevel: 'silent' })
  t.teardown(() => running.close())
  await fetch(`${running.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'GET', path: '/v3/*', status: 503 }) })
  const credential = new GlobalCredentials().withAk(AK).withSk(SK).withIamEndpoint(running.url)
  const client: SdkClient = new ClientBuilder((c: SdkClient) => c).withCredential(credential).withRegion(new Region('eu-west-101', running.url)).build()
  const refused = await client.sendRequest(detail).then(() => null, (err: unknown) => err)
  t.match(refused, { httpStatusCode: 503 }, 'the SDK reports IAM\'s refusal')
  t.same((await journal(running.url)).map(r => `${r.path} ${r.status}`), ['/v3/auth/domains 503'])
})
