import t from 'tap'
import Database from 'better-sqlite3'
import { openApplicationStore, type ApplicationRecord } from '../../src/stores/application-store.js'

const record = (id: string, domainId: string): ApplicationRecord => ({
  id, domain_id: domainId, name: `name ${id}`, name_zh: null, code: `C${id}`, parent_id: '', description: '', path: `/${id}`, is_collection: false, create_time: 1, update_time: 1
})

t.test('an id list keeps the rows whose id it names, oldest first, whatever its length, repeats or characters', async t => {
  const db = new Database(':memory:')
  t.teardown(() => db.close())
  const store = openApplicationStore(db)
  // Ids that a JSON array must carry as they are: quotes, backslashes, commas, non-ASCII.
  const ids = Array.from({ length: 40 }, (_, i) => ['a"b', 'c\\d', 'e,f', '应用', `x'${i}`][i % 5] + String(i))
  ids.forEach((id, i) => store.insert(record(id, i % 3 === 0 ? 'other' : 'mine')))
  for (let length = 1; length <= ids.length; length++) {
    // Every id in reverse, a few named twice, and one no application has.
    const wanted = [...ids.slice(0, length).reverse(), ids[0]!, ids[length - 1]!, 'missing']
    const expected = ids.slice(0, length).filter((_, i) => i % 3 !== 0)
    t.same(store.list('mine', { idList: wanted, limit: 100 }).map(app => app.id), expected, `${length} ids`)
  }
  t.same(store.list(undefined, { idList: [ids[9]!, ids[3]!], limit: 100 }).map(app => app.id), [ids[3], ids[9]], 'every domain, in insertion order')
  t.same(store.list('mine', { idList: ids, limit: 2 }).map(app => app.id), [ids[1], ids[2]], 'the limit applies after the id list')
})
