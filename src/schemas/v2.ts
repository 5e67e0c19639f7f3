import { Type, type Static } from '@sinclair/typebox'
import { NO_CONTROL_CHARACTERS } from './common.js'

// coc-incident-api.md 2.8 to 2.10: v2 calls the ticket number `incident_id` (1 to 50 characters).
export const IncidentIdParams = Type.Object({
  incident_id: Type.String({ minLength: 1, maxLength: 50, pattern: NO_CONTROL_CHARACTERS, description: 'incident number' })
})

const Operation = Type.Object({ task_id: Type.String(), key: Type.String() })

/** CocTaskDetailV2: every member a string. */
export const TaskDetail = Type.Object({
  type: Type.String(),
  key: Type.String(),
  name: Type.String(),
  state: Type.String(),
  operations: Type.Array(Operation)
}, { $id: 'CocTaskDetailV2' })

export const TasksResponse = Type.Object({
  provider_code: Type.String(),
  error_code: Type.String(),
  error_msg: Type.Union([Type.String(), Type.Null()]),
  data: Type.Array(TaskDetail)
})

/** ExecuteActionParamsV2. Terraform sends `params: null` when unset, and string maps otherwise. */
export const ActionBody = Type.Object({
  task_id: Type.String({ minLength: 1, maxLength: 100 }),
  action: Type.String({ minLength: 1, maxLength: 100 }),
  params: Type.Optional(Type.Object({}, { additionalProperties: true }))
}, { $id: 'ExecuteActionParamsV2' })
export type ActionBody = Static<typeof ActionBody>

/** HandleIncident's response: the envelope without `data`. */
export const ActionResponse = Type.Object({
  provider_code: Type.String(),
  error_code: Type.String(),
  error_msg: Type.Union([Type.String(), Type.Null()])
})
