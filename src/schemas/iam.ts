import { Type, type Static } from '@sinclair/typebox'

/**
 * The IAM (Keystone v3) shapes a client reads while it discovers its domain and project
 * ("Querying the List of Domains Accessible to Users", "Querying Project Information Based on
 * the Specified Criteria" and "Querying a Service Catalog" in Huawei Cloud's IAM API
 * Reference). Answers are IAM's bare objects, not the COC envelope.
 */

const Link = Type.String({ description: 'URL of the resource on this emulator' })
const SelfLinks = Type.Object({ self: Link })

const IamDomain = Type.Object({
  id: Type.String({ description: 'domain (account) id' }),
  name: Type.String({ description: 'domain (account) name' }),
  enabled: Type.Boolean(),
  description: Type.String(),
  links: SelfLinks
}, { $id: 'KeystoneDomain' })

export const AuthDomainsResponse = Type.Object({
  domains: Type.Array(IamDomain),
  links: SelfLinks
})

const IamProject = Type.Object({
  id: Type.String({ description: 'project id, as X-Project-Id takes it' }),
  name: Type.String({ description: 'project name: the region name' }),
  domain_id: Type.String(),
  parent_id: Type.String({ description: 'the domain id: region projects hang off the domain' }),
  is_domain: Type.Boolean(),
  enabled: Type.Boolean(),
  description: Type.String(),
  links: SelfLinks
}, { $id: 'KeystoneProject' })

export const ProjectsQuery = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'project name; a region name (cn-north-4) names the domain\'s project in that region' })),
  domain_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only projects of this domain; the caller sees its own domain\'s alone' })),
  parent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only projects under this parent (the domain id for region projects)' })),
  enabled: Type.Optional(Type.Boolean({ description: 'only enabled (true) or disabled (false) projects' })),
  is_domain: Type.Optional(Type.Boolean({ description: 'true lists domains, false projects' })),
  page: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1, description: 'page number, from 1' }),
  per_page: Type.Integer({ minimum: 1, maximum: 5000, default: 5000, description: 'projects per page' })
})
export type ProjectsQuery = Static<typeof ProjectsQuery>

export const ProjectsResponse = Type.Object({
  projects: Type.Array(IamProject),
  links: Type.Object({
    self: Link,
    previous: Type.Union([Link, Type.Null()]),
    next: Type.Union([Link, Type.Null()])
  })
})

export const CatalogResponse = Type.Object({
  catalog: Type.Array(Type.Object({}, { additionalProperties: true })),
  links: SelfLinks
})
