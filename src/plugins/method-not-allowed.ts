import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify'
import { CocError } from '../errors.js'
import { sendError } from './error-handler.js'

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Fastify answers a known path with the wrong method as "not found"; COC clients should hear
 * 405 instead. Call `collect` before the routes are registered and `install` after them.
 */
export function methodNotAllowed () {
  const routes = new Map<string, Set<string>>()
  return {
    collect (app: FastifyInstance): void {
      app.addHook('onRoute', (route: RouteOptions) => {
        const methods = routes.get(route.url) ?? new Set<string>()
        for (const method of [route.method].flat()) methods.add(method)
        if (methods.has('GET')) methods.add('HEAD')
        routes.set(route.url, methods)
      })
    },
    async install (app: FastifyInstance): Promise<void> {
      for (const [url, allowed] of routes) {
        const missing = METHODS.filter(method => !allowed.has(method))
        const allow = [...allowed].sort().join(', ')
        app.route({
          method: missing,
          url,
          // Refusals, not operations: left out of the OpenAPI document.
          schema: { hide: true },
          handler: async (request, reply) => sendError(reply.header('allow', allow),
            new CocError('methodNotAllowed', `${request.method} ${url}: method not allowed; allowed: ${allow}`))
        })
      }
    }
  }
}
