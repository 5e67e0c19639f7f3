import { Type, type Static } from '@sinclair/typebox'
import { Envelope, StringEnum } from './common.js'

/**
 * An incident category (COC's "Incident Type" enumeration, `incident_type` / `mtm_type`): COC
 * lets each tenant add its own beside the preset `inc_type_p_*` ones.
 */
export const Category = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_.:-]+$', description: 'the value of incident_type / mtm_type, e.g. inc_type_p_capacity_issues' }),
  name_en: Type.String({ minLength: 1, maxLength: 255 }),
  name_zh: Type.String({ minLength: 1, maxLength: 255 })
})
export type Category = Static<typeof Category>

const CATEGORY_ORIGINS = ['preset', 'fixture', 'inserted'] as const
export type CategoryOrigin = typeof CATEGORY_ORIGINS[number]

export const CategoryView = Type.Composite([Category, Type.Object({
  origin: StringEnum(CATEGORY_ORIGINS, { description: 'preset (COC\'s), fixture (categories.json) or inserted (POST /__admin/categories)' })
})])
export type CategoryView = Static<typeof CategoryView>

const MAX_INSERTED_CATEGORIES = 1000

export const CategoriesBody = Type.Object({
  categories: Type.Array(Category, { minItems: 1, maxItems: MAX_INSERTED_CATEGORIES })
})
export type CategoriesBody = Static<typeof CategoriesBody>

export const CategoryKeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 255 }) })

export const CategoriesResult = Envelope(Type.Object({ categories: Type.Array(CategoryView) }))
