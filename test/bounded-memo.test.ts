import t from 'tap'
import { remembered } from '../src/bounded-memo.js'

t.test('a value is made once per key, and a full map is emptied before it takes another', async t => {
  const made: string[] = []
  const make = (key: string): string => { made.push(key); return key.toUpperCase() }
  const map = new Map<string, string>()
  t.equal(remembered(map, 'a', 2, make), 'A')
  t.equal(remembered(map, 'a', 2, make), 'A')
  t.equal(remembered(map, 'b', 2, make), 'B')
  t.same(made, ['a', 'b'], 'each key made once')
  t.same([...map.keys()], ['a', 'b'])
  t.equal(remembered(map, 'c', 2, make), 'C')
  t.same([...map.keys()], ['c'], 'the third key found the map full: it holds the newcomer alone')
  t.equal(remembered(map, 'a', 2, make), 'A')
  t.same(made, ['a', 'b', 'c', 'a'], 'a key dropped with the others is made again')
})
