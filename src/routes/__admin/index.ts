import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { checkFault } from '../../admin/fault-rules.js'
import { insertTickets } from '../../admin/tickets.js'
import { rejectUnknownKeys } from '../../admin/unknown-keys.js'
import { CocError, success } from '../../errors.js'
import { toDetail } from '../../incident/enum-data.js'
import {
  AdminErrorResponses, ClockBody, ClockView, DeletedTicket, FaultBody, FaultIdParams, FaultView, InsertTicketsBody,
  RequestsQuery, RequestsResult, ResetQuery, ResetResult, TicketNumParams, TicketsQuery, TicketsResult
} from '../../schemas/admin.js'
import { Envelope } from '../../schemas/common.js'
import type { IncidentRecord } from '../../schemas/incident.js'
import { NullDataResponse } from '../../schemas/lifecycle.js'
import { Type } from '@sinclair/typebox'
import { seedStore } from '../../../seeds/seed.js'

const TAGS = ['control plane']

/** The control plane for tests: reset, tickets, the request journal, faults and the clock. */
const adminRoutes: FastifyPluginAsyncTypebox = async app => {
  const view = (record: IncidentRecord) => ({ ...toDetail(record, app.fixtures), domain_id: record.domain_id })
  const noSuchFault = (id: string) => new CocError('unknownRoute', `id: no fault [${id}]`)

  app.post('/reset', {
    schema: {
      summary: 'Back to the start state: seeded tickets (or none), no faults, empty journal, real time',
      tags: TAGS,
      querystring: ResetQuery,
      response: { 200: Envelope(ResetResult), ...AdminErrorResponses }
    }
  }, async request => {
    const started = performance.now()
    const store = app.incidents
    store.clear()
    const empty = request.query.empty === true
    if (empty) store.buildIndexes()
    else seedStore(store, app.fixtures, app.seeding)
    app.journal.clear()
    app.faults.clear()
    app.clock.reset()
    app.afterReset()
    request.log.info({ empty }, 'emulator reset')
    return success({ tickets: store.count(), seeded: !empty, ms: Math.round(performance.now() - started) })
  })

  app.post('/tickets', {
    // Up to 10,000 tickets in one request.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      summary: 'Insert tickets in any status, with an optional history',
      tags: TAGS,
      body: InsertTicketsBody,
      response: { 200: Envelope(TicketsResult), ...AdminErrorResponses }
    }
  }, async request => {
    rejectUnknownKeys(InsertTicketsBody, request.body)
    const records = insertTickets(app.incidents, request.body.tickets, app.clock.now())
    return success({ tickets: records.map(view), total: records.length })
  })

  app.get('/tickets', {
    schema: {
      summary: 'Every domain\'s tickets (or one domain\'s), newest first',
      tags: TAGS,
      querystring: TicketsQuery,
      response: { 200: Envelope(TicketsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { page, limit, domain_id: domainId } = request.query
    const { records, total } = app.incidents.records((page - 1) * limit, limit, domainId)
    return success({ tickets: records.map(view), total })
  })

  app.delete('/tickets/:incident_num', {
    schema: {
      summary: 'Delete a ticket and its history',
      tags: TAGS,
      params: TicketNumParams,
      response: { 200: Envelope(DeletedTicket), ...AdminErrorResponses }
    }
  }, async request => {
    const { incident_num: incidentNum } = request.params
    if (!app.incidents.remove(incidentNum)) {
      throw new CocError('unknownRoute', `incident_num: no ticket [${incidentNum}] in any domain`)
    }
    return success({ incident_num: incidentNum })
  })

  app.get('/requests', {
    schema: {
      summary: 'The COC requests received, newest first; secrets redacted',
      tags: TAGS,
      querystring: RequestsQuery,
      response: { 200: Envelope(RequestsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const { limit, ...filter } = request.query
    return success(app.journal.find(filter, limit))
  })

  app.delete('/requests', {
    schema: { summary: 'Empty the request journal', tags: TAGS, response: { 200: NullDataResponse, ...AdminErrorResponses } }
  }, async () => {
    app.journal.clear()
    return success(null)
  })

  app.post('/faults', {
    schema: {
      summary: 'Inject a delay, an error status or a dropped connection',
      tags: TAGS,
      body: FaultBody,
      response: { 200: Envelope(FaultView), ...AdminErrorResponses }
    }
  }, async request => {
    const spec = request.body
    rejectUnknownKeys(FaultBody, spec)
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

  app.get('/clock', {
    schema: { summary: 'The emulator\'s clock', tags: TAGS, response: { 200: Envelope(ClockView), ...AdminErrorResponses } }
  }, async () => success(app.clock.state()))

  app.post('/clock', {
    schema: {
      summary: 'Freeze (frozen_at) and/or shift (offset_ms) the clock; replaces the previous setting',
      tags: TAGS,
      body: ClockBody,
      response: { 200: Envelope(ClockView), ...AdminErrorResponses }
    }
  }, async request => {
    rejectUnknownKeys(ClockBody, request.body)
    app.clock.set(request.body)
    return success(app.clock.state())
  })

  app.delete('/clock', {
    schema: { summary: 'Back to real time', tags: TAGS, response: { 200: Envelope(ClockView), ...AdminErrorResponses } }
  }, async () => {
    app.clock.reset()
    return success(app.clock.state())
  })
}

export default adminRoutes
