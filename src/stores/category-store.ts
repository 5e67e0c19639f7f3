import type Database from 'better-sqlite3'
import type { Category, CategoryOrigin, CategoryView } from '../schemas/categories.js'

/**
 * The incident category registry, in the incident store's database (a `--db` file keeps the
 * inserted ones). Lookups are served from a copy in memory, refreshed after every write: the
 * detail and list views ask for a category's names once per ticket.
 */
export interface CategoryStore {
  /** Presets first, then fixture categories, then inserted ones, each in the order they came. */
  list (): CategoryView[]
  get (key: string): CategoryView | undefined
  /** Inserts all in one transaction; the caller has checked that no key exists. */
  insert (categories: readonly Category[], origin: CategoryOrigin): void
  /** Deletes one category; false when there is none with this key. */
  remove (key: string): boolean
  /** Puts back `base` (presets and fixture categories, replacing their old names); inserted ones stay unless `dropInserted`. */
  reset (base: ReadonlyArray<Category & { origin: CategoryOrigin }>, dropInserted: boolean): void
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS categories (
  id      INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  -- preset, fixture or inserted
  origin  TEXT NOT NULL
);
`

const ORDER = "ORDER BY CASE origin WHEN 'preset' THEN 0 WHEN 'fixture' THEN 1 ELSE 2 END, id"

export function openCategoryStore (db: Database.Database): CategoryStore {
  db.exec(SCHEMA)
  const selectAll = db.prepare<[], CategoryView>(`SELECT key, name_en, name_zh, origin FROM categories ${ORDER}`)
  const insertOne = db.prepare<[string, string, string, string]>('INSERT INTO categories (key, name_en, name_zh, origin) VALUES (?, ?, ?, ?)')
  const upsertOne = db.prepare<[string, string, string, string]>(
    'INSERT INTO categories (key, name_en, name_zh, origin) VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT (key) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh, origin = excluded.origin')
  const deleteOne = db.prepare<[string]>('DELETE FROM categories WHERE key = ?')
  const deleteBase = db.prepare("DELETE FROM categories WHERE origin <> 'inserted'")
  const deleteAll = db.prepare('DELETE FROM categories')

  let byKey = new Map<string, CategoryView>()
  let ordered: CategoryView[] = []
  const refresh = (): void => {
    ordered = selectAll.all()
    byKey = new Map(ordered.map(category => [category.key, category]))
  }
  const insertAll = db.transaction((categories: readonly Category[], origin: CategoryOrigin) => {
    for (const c of categories) insertOne.run(c.key, c.name_en, c.name_zh, origin)
  })
  const resetAll = db.transaction((base: ReadonlyArray<Category & { origin: CategoryOrigin }>, dropInserted: boolean) => {
    ;(dropInserted ? deleteAll : deleteBase).run()
    for (const c of base) upsertOne.run(c.key, c.name_en, c.name_zh, c.origin)
  })
  refresh()

  return {
    list: () => ordered.map(category => ({ ...category })),
    get: key => byKey.get(key),
    insert (categories, origin) {
      insertAll(categories, origin)
      refresh()
    },
    remove (key) {
      const removed = deleteOne.run(key).changes === 1
      if (removed) refresh()
      return removed
    },
    reset (base, dropInserted) {
      resetAll(base, dropInserted)
      refresh()
    }
  }
}
