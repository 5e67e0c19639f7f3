import { CocError } from '../errors.js'
import type { FaultBody } from '../schemas/admin.js'
import { isControlPath } from './request-facts.js'

/** The rules a fault's fields keep together, beyond its schema (POST /__admin/faults and scenario files). */
export function checkFault (spec: FaultBody): void {
  if (isControlPath(spec.path)) {
    throw new CocError('validation', 'path: faults apply to the COC API, not to /__admin or /openapi.json')
  }
  if (spec.drop === true && spec.status !== undefined) {
    throw new CocError('validation', 'drop: a dropped connection sends no status; give drop or status, not both')
  }
  if (spec.status === undefined && (spec.error_code !== undefined || spec.error_msg !== undefined)) {
    throw new CocError('validation', 'status: is required with error_code or error_msg')
  }
  if (spec.drop !== true && spec.status === undefined && spec.delay_ms === undefined) {
    throw new CocError('validation', 'request body: a fault needs delay_ms, status or drop')
  }
}
