import type { FastifyInstance } from 'fastify'

/** Removes null members from a JSON body and from its `parameter`/`params` map. */
function dropNulls (body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return
  const object = body as Record<string, unknown>
  for (const key of Object.keys(object)) {
    if (object[key] === null) delete object[key]
  }
  for (const key of ['parameter', 'params']) dropNulls(object[key])
}

/** Explicit nulls count as absent: the Terraform provider sends null for unset optionals. */
export function installDropNulls (scope: FastifyInstance): void {
  scope.addHook('preValidation', (request, _reply, done) => {
    dropNulls(request.body)
    done()
  })
}
