import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { checkFault } from '../../admin/fault-rules.js'
import { CocError, success } from '../../errors.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope, FaultBody, FaultIdParams, FaultView } from '../../schemas/admin.js'
import { NullDataResponse } from '../../schemas/v1.js'

/** /__admin/faults: arm, list and remove injected faults. */
const faultRoutes: FastifyPluginAsyncTypebox = async app => {
  const noSuchFault = (id: string) => new CocError('adminNotFound', `id: no fault [${id}]`)

  app.post('/faults', {
    schema: {
      summary: 'Inject a delay, an error status or a dropped connection',
      tags: TAGS,
      body: FaultBody,
      response: { 200: Envelope(FaultView), ...AdminErrorResponses }
    }
  }, async request => {
    const spec = request.body
    checkFault(spec)
    const fault = app.faults.add(spec)
    request.log.info({ fault_id: fault.id, method: fault.method, path: fault.path }, 'fault added')
    return success(fault)
  })

  app.get('/faults', {
    schema: { summary: 'The faults in force, in matching order', tags: TAGS, response: { 200: Envelope(Type.Array(FaultView)), ...AdminErrorResponses } }
  }, async () => success(app.faults.list()))

  app.delete('/faults', {
    schema: { summary: 'Remove every fault', tags: TAGS, response: { 200: NullDataResponse, ...AdminErrorResponses } }
  }, async () => {
    app.faults.clear()
    return success(null)
  })

  app.get('/faults/:id', {
    schema: { summary: 'One fault, with how often it has answered', tags: TAGS, params: FaultIdParams, response: { 200: Envelope(FaultView), ...AdminErrorResponses } }
  }, async request => {
    const fault = app.faults.get(request.params.id)
    if (fault === undefined) throw noSuchFault(request.params.id)
    return success(fault)
  })

  app.delete('/faults/:id', {
    schema: { summary: 'Remove one fault', tags: TAGS, params: FaultIdParams, response: { 200: NullDataResponse, ...AdminErrorResponses } }
  }, async request => {
    if (!app.faults.remove(request.params.id)) throw noSuchFault(request.params.id)
    return success(null)
  })
}

export default faultRoutes
