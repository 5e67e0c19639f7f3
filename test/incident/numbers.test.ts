import t from 'tap'
import { chinaTimestamp, incidentNumber, warroomId } from '../../src/incident/numbers.js'

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
