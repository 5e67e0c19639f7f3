import t from 'tap'
import { alarmId, chinaTimestamp, incidentNumber, SUFFIX_SPACE, warroomId, warRoomTime } from '../../src/incident/numbers.js'

t.test('the document example number encodes its create_time in UTC+8', async t => {
  t.equal(chinaTimestamp(1710739323172), '20240318132203')
  t.equal(incidentNumber(1710739323172, 178042608), 'IM202403181322030178042608')
  t.equal(warroomId(Date.UTC(2024, 2, 18, 5, 34, 36), 6050100030), 'WR202403181334366050100030')
})

t.test('UTC+8 crosses the date line of UTC', async t => {
  t.equal(chinaTimestamp(Date.UTC(2024, 11, 31, 16, 0, 0)), '20250101000000')
  t.equal(chinaTimestamp(Date.UTC(2024, 1, 28, 23, 59, 59)), '20240229075959', 'leap day')
})

t.test('suffixes outside 10 digits are refused', async t => {
  t.throws(() => incidentNumber(0, -1), RangeError)
  t.throws(() => incidentNumber(0, 10_000_000_000), RangeError)
  t.throws(() => incidentNumber(0, 0.5), RangeError)
  t.equal(incidentNumber(0, 0), 'IM197001010800000000000000')
})

t.test('alarm ids and war room times are what their former copies in src/alarm and src/warroom produced', async t => {
  // The copies as they were before both moved here: kept for this comparison only.
  const oldAlarmId = (createTime: number, suffix: number): string =>
    'AL' + chinaTimestamp(createTime) + String(suffix).padStart(10, '0')
  const oldWarRoomTime = (warRoomNum: string): number | undefined => {
    const match = /^WR(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{10}$/.exec(warRoomNum)
    if (match === null) return undefined
    const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
    return Date.UTC(y, mo - 1, d, h, mi, s) - 8 * 60 * 60 * 1000
  }
  // Instants from 1970 to 2100 and suffixes over all 10 digits, spread by two coprime strides.
  const span = Date.UTC(2100, 0, 1)
  let differing = 0
  for (let i = 0; i < 20_000; i++) {
    const time = (i * 7_919_999_989) % span + (i % 1000)
    const suffix = (i * 2_654_435_761) % SUFFIX_SPACE
    if (alarmId(time, suffix) !== oldAlarmId(time, suffix)) differing++
    const room = warroomId(time, suffix)
    if (warRoomTime(room) !== oldWarRoomTime(room)) differing++
  }
  t.equal(differing, 0, 'every id and every time is the same')
  const odd = ['', 'WR', 'IM202403181334366050100030', 'WR2024031813343660501000300', 'WR20240318133436605010003', 'WR20241318133436605010003x', 'WR209913322561596050100030', 'wr202403181334366050100030']
  for (const text of odd) t.equal(warRoomTime(text), oldWarRoomTime(text), `same answer for ${JSON.stringify(text)}`)
  t.equal(alarmId(Date.UTC(2024, 2, 18, 5, 30, 0), 1), 'AL202403181330000000000001', 'the example alarm id')
})
