import t, { type Test } from 'tap'
import { toHistoryItem } from '../../src/incident/views/history.js'
import { fixtures, setupTicking } from '../support/helper.js'

interface Item { action: string, sub_action: string, final_sub_action: string }

async function setup (t: Test, tickets = 0) {
  const api = await setupTicking(t, tickets)
  const v1 = async (num: string): Promise<Item[]> => (await api.histories(num)).data.info
  return { ...api, v1 }
}

const rows = (items: Item[]) => items.map(i => [i.action, i.sub_action, i.final_sub_action])

t.test('every record of a fresh ticket has both sub-actions set, newest first too (what Terraform reads)', async t => {
  const { create, post } = await setup(t)
  const num = await create()
  const desc = (await post('/v1/incident/list-histories', {
    string_filters: [{ operator: '=', field: 'ticket_id', values: [num] }],
    sort_filter: { operator: 'desc', field: 'start_time', values: ['start_time'] }
  })).json().data.info as Item[]
  t.same(rows(desc), [['create', 'create', 'create']])
})

t.test('a request awaiting approval names its decision once it has one, in v1 and after v2 actions alike', async t => {
  const { create, handle, v1, app } = await setup(t)
  const num = await create()
  t.equal((await handle(num, 'acceptedIncident1')).statusCode, 200)
  t.equal((await handle(num, 'incidentPause', { pause_end_time: Date.UTC(2027, 0, 1), pause_reason: 'waiting for a vendor' })).statusCode, 200)
  t.same(rows(await v1(num)).at(-1), ['incidentPause', 'requestPause', 'requestPause'], 'pending: the request itself')
  t.equal((await handle(num, 'agreed', { pause_approve_conclusion: true })).statusCode, 200)
  // The v2 API resumes the ticket and asks for a level change, which is rejected.
  const act = async (action: string, params: object = {}) => {
    const tasks = (await app.inject({ url: `/v2/incidents/${num}/tasks`, headers: { 'x-auth-token': 'dev-token' } })).json().data
    return app.inject({ method: 'POST', url: `/v2/incidents/${num}/actions`, headers: { 'x-auth-token': 'dev-token' }, payload: { task_id: tasks[0].operations[0].task_id, action, params } })
  }
  t.equal((await act('recovery')).statusCode, 200)
  t.equal((await act('changeLevel', { virtual_target_level: 'level_10', virtual_change_level_comment: 'customers affected' })).statusCode, 200)
  t.equal((await act('rejected', { conclusion: false, note: 'not yet' })).statusCode, 200)
  t.same(rows(await v1(num)), [
    ['create', 'create', 'create'],
    ['accepted', 'accept', 'accept'],
    ['incidentPause', 'requestPause', 'approvePause'],
    ['agreed', 'approvePause', 'approvePause'],
    ['recovery', 'recover', 'recover'],
    ['changeLevel', 'requestLevelChange', 'rejectLevelChange'],
    ['rejected', 'rejectLevelChange', 'rejectLevelChange']
  ])
})

t.test('seeded histories carry them too', async t => {
  const { v1, store } = await setup(t, 60)
  const resolved = store.page('coc-dev-domain', 0, 100).find(ticket => ticket.status === 'INCIDENT_STATUS_COMPLETED')!
  t.same(rows(await v1(resolved.incident_num)), [
    ['create', 'create', 'create'],
    ['accepted', 'accept', 'accept'],
    ['commitSolution', 'commitSolution', 'commitSolution'],
    ['confirm', 'confirm', 'confirm']
  ])
})

t.test('a record read without its history falls back to its step', async t => {
  const item = toHistoryItem({ id: '1', incident_num: 'IM1', action: 'accepted', step: 'accept', operator: 'u', comment: '', status: 's', target_type: '', target_value: '', start_time: 1, stop_time: 1 }, fixtures)
  t.equal(item.sub_action, 'accept')
  t.equal(item.final_sub_action, 'accept')
})
