import t from 'tap'
import { Clock } from '../../../src/admin/clock.js'
import { chinaTimestamp } from '../../../src/incident/numbers.js'
import { build, CREATE_BODY, json, TOKEN } from '../../support/helper.js'

const REAL = 1_800_000_000_000

t.test('the clock runs, freezes, shifts and returns to real time', async t => {
  let real = REAL
  const clock = new Clock(() => real)
  t.equal(clock.now(), REAL)
  real += 5
  t.equal(clock.now(), REAL + 5, 'runs with real time')
  clock.set({ frozen_at: 1000 })
  real += 5
  t.equal(clock.now(), 1000, 'frozen')
  clock.set({ frozen_at: 1000, offset_ms: 60_000 })
  t.equal(clock.now(), 61_000, 'frozen and shifted')
  clock.set({ offset_ms: -10 })
  t.same(clock.state(), { now: real - 10, frozen_at: null, offset_ms: -10 }, 'a new setting replaces the old one')
  clock.reset()
  t.same(clock.state(), { now: real, frozen_at: null, offset_ms: 0 })
})

t.test('a frozen clock makes create_time, the number and history times reproducible', async t => {
  const FROZEN = Date.UTC(2025, 0, 2, 3, 4, 5, 678)
  const createOne = async () => {
    const { app } = await build(t, { tickets: 0, now: () => REAL })
    const set = await app.inject(json('POST', '/__admin/clock', { frozen_at: FROZEN }))
    t.equal(set.statusCode, 200)
    t.same(set.json().data, { now: FROZEN, frozen_at: FROZEN, offset_ms: 0 })
    const created = await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))
    const num = created.json().data.incident_num as string
    const detail = await app.inject({ url: `/v1/external/incident/${num}`, headers: TOKEN })
    const histories = await app.inject(json('POST', `/v2/incidents/${num}/histories`, {}, TOKEN))
    return { num, createTime: detail.json().data.create_time, historyTime: histories.json().data.info[0].start_time }
  }
  const first = await createOne()
  const second = await createOne()
  t.same(first, second, 'two emulators with the same frozen clock give the same ticket')
  t.equal(first.createTime, FROZEN)
  t.equal(first.historyTime, String(FROZEN))
  t.equal(first.num.slice(2, 16), chinaTimestamp(FROZEN))
})

t.test('shifting moves created tickets; DELETE returns to real time; GET reports', async t => {
  const { app } = await build(t, { tickets: 0, now: () => REAL })
  const shifted = await app.inject(json('POST', '/__admin/clock', { offset_ms: -86_400_000 }))
  t.same(shifted.json().data, { now: REAL - 86_400_000, frozen_at: null, offset_ms: -86_400_000 })
  const created = await app.inject(json('POST', '/v1/external/incident/create', CREATE_BODY, TOKEN))
  const num = created.json().data.incident_num as string
  const detail = await app.inject({ url: `/v1/external/incident/${num}`, headers: TOKEN })
  t.equal(detail.json().data.create_time, REAL - 86_400_000)
  t.same((await app.inject({ url: '/__admin/clock' })).json().data, { now: REAL - 86_400_000, frozen_at: null, offset_ms: -86_400_000 })
  const back = await app.inject({ method: 'DELETE', url: '/__admin/clock' })
  t.same(back.json().data, { now: REAL, frozen_at: null, offset_ms: 0 })
  const empty = await app.inject(json('POST', '/__admin/clock', {}))
  t.same(empty.json().data, { now: REAL, frozen_at: null, offset_ms: 0 }, 'an empty body runs in real time')
})

t.test('a frozen clock does not disturb token expiry or signatures, which use real time', async t => {
  const { app } = await build(t, { tickets: 0 })
  await app.inject(json('POST', '/__admin/clock', { frozen_at: 0 }))
  const res = await app.inject({ url: '/v1/external/incident/IM202403181322030178042608', headers: TOKEN })
  t.equal(res.statusCode, 200)
})

t.test('bad clock settings are refused, naming the field and the rule', async t => {
  const { app } = await build(t, { tickets: 0 })
  const cases: Array<[unknown, RegExp]> = [
    [{ frozen_at: -1 }, /^frozen_at: must be >= 0$/],
    [{ frozen_at: 'soon' }, /^frozen_at: must be integer$/],
    [{ offset_ms: 1.5 }, /^offset_ms: must be integer$/],
    [{ frozenAt: 5 }, /^frozenAt: unknown field; allowed: frozen_at, offset_ms$/]
  ]
  for (const [body, message] of cases) {
    const res = await app.inject(json('POST', '/__admin/clock', body))
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.equal(res.json().error_code, 'GOM.00007256')
    t.match(res.json().error_msg, message)
  }
})
