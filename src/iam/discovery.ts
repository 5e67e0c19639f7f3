import type { Principal } from '../fixtures.js'
import type { ProjectsQuery } from '../schemas/iam.js'

/**
 * What IAM tells a client about its own credentials, so that AK/SK plus an endpoint is all a
 * client needs: the SDKs (GlobalCredentials without a domain id, BasicCredentials without a
 * project id) and the Terraform provider (no project_id) ask IAM before their first call.
 *
 * The emulator has no regions: a domain's project answers for every region name, named after
 * the region asked for (docs/contract-notes.md, "IAM discovery").
 */

/** The region a project is named after when no name is asked for. */
const HOME_REGION = 'cn-north-4'

interface IamDomainView {
  id: string
  name: string
  enabled: boolean
  description: string
  links: { self: string }
}

interface IamProjectView {
  id: string
  name: string
  domain_id: string
  parent_id: string
  is_domain: boolean
  enabled: boolean
  description: string
  links: { self: string }
}

/** The caller's own domain: IAM lists only the domains the credentials belong to. */
export function authDomains (principal: Principal, origin: string): { domains: IamDomainView[], links: { self: string } } {
  const id = principal.domainId
  return {
    // Fixture domains have no display name of their own; the id stands in for it.
    domains: [{ id, name: id, enabled: true, description: '', links: { self: `${origin}/v3/domains/${encodeURIComponent(id)}` } }],
    links: { self: `${origin}/v3/auth/domains` }
  }
}

function pageUrl (origin: string, query: ProjectsQuery, page: number): string {
  const params = new URLSearchParams()
  for (const key of ['domain_id', 'name', 'parent_id', 'enabled', 'is_domain'] as const) {
    if (query[key] !== undefined) params.set(key, String(query[key]))
  }
  params.set('page', String(page))
  params.set('per_page', String(query.per_page))
  return `${origin}/v3/projects?${params.toString()}`
}

/**
 * The caller's projects matching the filters, one page of them. Every filter IAM documents is
 * applied; another domain's id finds nothing, as IAM shows only the caller's own projects.
 */
export function listProjects (principal: Principal, query: ProjectsQuery, origin: string): { projects: IamProjectView[], links: { self: string, previous: string | null, next: string | null } } {
  const domain = principal.domainId
  const matching = (principal.projectIds ?? [])
    .map((id): IamProjectView => ({
      id,
      name: query.name ?? HOME_REGION,
      domain_id: domain,
      parent_id: domain,
      is_domain: false,
      enabled: true,
      description: '',
      links: { self: `${origin}/v3/projects/${encodeURIComponent(id)}` }
    }))
    .filter(project => (query.domain_id === undefined || query.domain_id === project.domain_id) &&
      (query.parent_id === undefined || query.parent_id === project.parent_id) &&
      (query.enabled === undefined || query.enabled === project.enabled) &&
      (query.is_domain === undefined || query.is_domain === project.is_domain))
  const start = (query.page - 1) * query.per_page
  const end = start + query.per_page
  return {
    projects: matching.slice(start, end),
    links: {
      self: pageUrl(origin, query, query.page),
      previous: query.page > 1 ? pageUrl(origin, query, query.page - 1) : null,
      next: end < matching.length ? pageUrl(origin, query, query.page + 1) : null
    }
  }
}
