import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CocError, success } from '../../errors.js'
import type { TObject } from '@sinclair/typebox'
import type { Principal } from '../../fixtures.js'
import { adminTicketView, userNames } from '../../incident/views/detail.js'
import { stepNames } from '../../incident/views/history.js'
import { currentTasks } from '../../incident/tasks.js'
import { allowedSteps } from '../../incident/workflow.js'
import { STATUS } from '../../vocab.js'
import { ADMIN_TAGS as TAGS, AdminErrorResponses, Envelope, TicketNumParams, TicketsResult } from '../../schemas/admin.js'
import { ActionBodyAdmin, Overview, TicketPage, TicketSearchQuery } from '../../schemas/dashboard.js'
import { type IncidentRecord } from '../../schemas/incident.js'
import { workflowOf } from '../../incident/record.js'
import { checkListQuery } from '../../incident/list-query.js'
import { runListQuery } from '../../incident/list-scan.js'
import type { ListBody } from '../../schemas/v2.js'

/** The span the overview's request rates cover. */
const RATE_WINDOW_MS = 60_000

/** The search's parameters and the v2 list fields they filter, with the operator used. */
const SEARCH_FIELDS = [
  ['status', 'work_flow_status', '='],
  ['level', 'level_id', '='],
  ['category', 'mtm_type', '='],
  ['source', 'source_id', '='],
  ['assignee', 'assignee', '='],
  ['title', 'title', 'like']
] as const

/**
 * What the dashboard reads beyond the other control-plane routes: an overview, a ticket search
 * across domains on the v2 list's query engine, one ticket with its history and allowed steps,
 * and those steps run through the same incident service as the COC routes.
 */
const dashboardRoutes: FastifyPluginAsyncTypebox = async app => {
  const view = (record: IncidentRecord) => adminTicketView(record, app.directory)
  // Every read goes through the v2 list's engine, across domains.
  const one = (field: string, value: string, total = false) =>
    checkListQuery({ string_filters: [{ field, operator: '=', values: [value] }], page: 1, per_page: 1, contain_total: total })
  const byNumber = (incidentNum: string): IncidentRecord => {
    const [record] = app.incidentStore.list(undefined, one('ticket_id', incidentNum)).records
    if (record === undefined) throw new CocError('adminNotFound', `incident_num: no ticket [${incidentNum}] in any domain`)
    return record
  }
  // A step run from the dashboard acts in the ticket's own domain, as its assignee by default.
  const principalFor = (record: IncidentRecord, operator: string): Principal => ({ domainId: record.domain_id, userId: operator })
  // mtm_type takes any registered category: the step's form offers the registered ones.
  const withCategories = (params: TObject): TObject => {
    const type = params.properties.mtm_type
    if (type === undefined) return params
    return { ...params, properties: { ...params.properties, mtm_type: { ...type, enum: app.categories.list().map(category => category.key) } } }
  }
  const page = (record: IncidentRecord) => {
    const workflow = workflowOf(record)
    const [task] = currentTasks(record)
    const history = app.incidentService.histories(principalFor(record, ''), record.incident_num).map(entry => {
      const names = stepNames(entry.step)
      return {
        id: entry.id,
        action: entry.action,
        step: entry.step,
        name_en: names.en,
        name_zh: names.zh,
        operator: entry.operator,
        operator_name: userNames(app.fixtures, entry.operator).en,
        status: entry.status,
        comment: entry.comment,
        start_time: entry.start_time,
        stop_time: entry.stop_time
      }
    })
    return {
      ticket: view(record),
      workflow: { phase: workflow.phase, pending_level: workflow.pending_level, update_time: workflow.update_time, operator: workflow.operator },
      history,
      task: task === undefined ? null : { task_id: task.operations[0]!.task_id, key: task.key, name: task.name },
      actions: task === undefined
        ? []
        : allowedSteps({ status: record.status, phase: workflow.phase }).map(step => ({
          action: step.v2, v1_key: step.v1, name_en: step.nameEn, name_zh: step.nameZh, params: withCategories(step.params)
        }))
    }
  }

  app.get('/overview', {
    schema: {
      summary: 'Version, uptime, auth mode, tickets by status, recent request and error rates',
      tags: TAGS,
      response: { 200: Envelope(Overview), ...AdminErrorResponses }
    }
  }, async () => {
    const uptime = Math.round(performance.now() - app.startedAt)
    const window = Math.max(1000, Math.min(RATE_WINDOW_MS, uptime))
    const recent = app.journal.recent(Date.now() - window)
    const byStatus: Record<string, number> = {}
    for (const status of Object.values(STATUS)) {
      byStatus[status] = app.incidentStore.list(undefined, one('work_flow_status', status, true)).total!
    }
    return success({
      version: app.emulatorVersion,
      uptime_ms: uptime,
      auth_mode: app.authMode,
      clock: app.clock.state(),
      tickets: { total: app.incidentStore.count(), by_status: byStatus },
      requests: {
        window_ms: window,
        count: recent.count,
        errors: recent.errors,
        per_second: Math.round(recent.count / window * 1000 * 100) / 100,
        error_rate: recent.count === 0 ? 0 : Math.round(recent.errors / recent.count * 10_000) / 10_000,
        journaled: app.journal.find({}, 0).total,
        capacity: app.journal.capacity
      },
      faults: app.faults.list().length
    })
  })

  app.get('/ticket-search', {
    schema: {
      summary: 'Tickets of every domain (or one) filtered by status, level, category, source, assignee and title, on the v2 list\'s query engine',
      tags: TAGS,
      querystring: TicketSearchQuery,
      response: { 200: Envelope(TicketsResult), ...AdminErrorResponses }
    }
  }, async request => {
    const q = request.query
    const body: ListBody = {
      string_filters: SEARCH_FIELDS.flatMap(([name, field, operator]) => {
        const value = q[name]
        return value === undefined ? [] : [{ field, operator, values: [value] }]
      }),
      sort_filter: { field: q.sort ?? 'create_time', operator: q.order ?? 'desc' },
      page: q.page,
      per_page: q.limit,
      contain_total: true
    }
    const { records, total } = await runListQuery(app.incidentStore, q.domain_id, checkListQuery(body))
    return success({ tickets: records.map(view), total: total! })
  })

  app.get('/tickets/:incident_num', {
    schema: {
      summary: 'One ticket of any domain: every field, its history, its current task and the steps allowed now',
      tags: TAGS,
      params: TicketNumParams,
      response: { 200: Envelope(TicketPage), ...AdminErrorResponses }
    }
  }, async request => success(page(byNumber(request.params.incident_num))))

  app.post('/tickets/:incident_num/actions', {
    schema: {
      summary: 'Run a workflow step on a ticket of any domain, through the same service and parameter schemas as POST /v2/incidents/{id}/actions',
      tags: TAGS,
      params: TicketNumParams,
      body: ActionBodyAdmin,
      response: { 200: Envelope(TicketPage), ...AdminErrorResponses }
    }
  }, async request => {
    const { incident_num: incidentNum } = request.params
    const record = byNumber(incidentNum)
    const body = request.body
    const operator = body.operator ?? record.incident_assignee.find(id => id !== '') ?? record.creator
    app.incidentService.handle(principalFor(record, operator), {
      api: 'v2',
      incidentNum,
      ...(body.task_id === undefined ? {} : { taskId: body.task_id }),
      operator,
      key: body.action,
      params: body.params ?? {}
    })
    request.log.info({ incident_num: incidentNum, action: body.action }, 'workflow step run from the control plane')
    return success(page(byNumber(incidentNum)))
  })
}

export default dashboardRoutes
