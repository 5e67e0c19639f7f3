import { CocError } from '../errors.js'
import type { Category, CategoryOrigin, CategoryView } from '../schemas/categories.js'
import type { CategoryStore } from '../stores/category-store.js'
import { INCIDENT_TYPES } from '../vocab.js'

/** The names a view shows for a category key. */
export interface CategoryNames {
  get (key: string): { en: string, zh: string } | undefined
}

/**
 * The incident categories a ticket may have (`incident_type` on create, `mtm_type` in handle
 * parameters and v2 filters): COC's six presets (the "Incident Type" enumeration), those the
 * fixtures declare (categories.json) and those a test inserts with POST /__admin/categories.
 */
export interface CategoryRegistry extends CategoryNames {
  list (): CategoryView[]
  /** Throws the 400 that names `field` and lists the registered keys unless `key` is registered. */
  check (field: string, key: string): void
  /** Inserts all or none: a key given twice is a 400, a key already registered a 409. */
  insert (categories: readonly Category[]): CategoryView[]
  /** Deletes an inserted category: 404 when there is none, 409 for a preset or fixture one. */
  remove (key: string): void
  /** Back to the presets and the fixture categories (POST /__admin/reset). */
  reset (): void
}

/** The 400 of a key that is not registered: it names the field and lists the registered keys. */
export function unregistered (field: string, key: string, registered: readonly string[]): CocError {
  return new CocError('validation', `${field}: must be one of ${registered.join(', ')} (the registered incident categories); [${key}] is not registered`)
}

export const PRESET_CATEGORIES: readonly Category[] = INCIDENT_TYPES.map(type => ({ key: type.key, name_en: type.en, name_zh: type.zh }))

/**
 * The registry over its store. At start the presets and the fixtures' categories are written
 * again (their names may have changed) and the inserted ones of a `--db` file are kept.
 */
export function createCategoryRegistry (store: CategoryStore, fixtureCategories: readonly Category[]): CategoryRegistry {
  const base = (): Array<Category & { origin: CategoryOrigin }> => {
    const seen = new Set(PRESET_CATEGORIES.map(c => c.key))
    // A fixture category with a preset's key renames the preset.
    const fixtures = fixtureCategories.map(c => ({ ...c, origin: seen.has(c.key) ? 'preset' as const : 'fixture' as const }))
    const renamed = new Map(fixtures.map(c => [c.key, c]))
    return [
      ...PRESET_CATEGORIES.map(c => renamed.get(c.key) ?? { ...c, origin: 'preset' as const }),
      ...fixtures.filter(c => c.origin === 'fixture')
    ]
  }
  store.reset(base(), false)

  return {
    get (key) {
      const category = store.get(key)
      return category === undefined ? undefined : { en: category.name_en, zh: category.name_zh }
    },
    list: () => store.list(),
    check (field, key) {
      if (store.get(key) === undefined) throw unregistered(field, key, store.list().map(c => c.key))
    },
    insert (categories) {
      const given = new Set<string>()
      categories.forEach((category, i) => {
        if (given.has(category.key)) throw new CocError('validation', `categories[${i}].key: [${category.key}] is given twice`)
        given.add(category.key)
        if (store.get(category.key) !== undefined) {
          throw new CocError('conflict', `categories[${i}].key: [${category.key}] is registered already (${store.get(category.key)!.origin})`)
        }
      })
      store.insert(categories, 'inserted')
      return categories.map(category => store.get(category.key)!)
    },
    remove (key) {
      const category = store.get(key)
      if (category === undefined) throw new CocError('adminNotFound', `key: no category [${key}]`)
      if (category.origin !== 'inserted') {
        throw new CocError('conflict', `key: [${key}] is a ${category.origin} category; only inserted ones can be deleted`)
      }
      store.remove(key)
    },
    reset: () => { store.reset(base(), true) }
  }
}
