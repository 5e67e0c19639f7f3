/**
 * The COC error envelope and the emulator's error table (the README's "Errors" and
 * docs/contract-notes.md).
 * Clients only look at the HTTP status, then read `error_code`/`error_msg` from the body.
 */
import { PROVIDER_CODE, SUCCESS_CODE } from './schemas/common.js'
/** The Content-Type of every answer the emulator writes. */
export const JSON_TYPE = 'application/json; charset=utf-8'

const ERRORS = {
  validation: { status: 400, code: 'GOM.00007256' },
  notFound: { status: 400, code: 'COC.00067003' },
  noCredentials: { status: 400, code: 'GOM.00004010' },
  badToken: { status: 400, code: 'GOM.00004011' },
  badSignature: { status: 400, code: 'GOM.00004012' },
  notAllowed: { status: 400, code: 'GOM.00007257' },
  // An application or attachment the caller's domain does not have: the code the Terraform
  // provider reads as "gone" when it deletes an application.
  resourceNotFound: { status: 400, code: 'common.00000400' },
  unknownRoute: { status: 404, code: 'GOM.00004040' },
  // A ticket, fault or file the control plane does not have: 404 too, under its own name.
  adminNotFound: { status: 404, code: 'GOM.00004040' },
  // The control plane's own refusals (/__admin).
  adminUnauthorized: { status: 401, code: 'GOM.00004011' },
  adminForbidden: { status: 403, code: 'GOM.00004030' },
  conflict: { status: 409, code: 'GOM.00004090' },
  methodNotAllowed: { status: 405, code: 'GOM.00004050' },
  bodyTooLarge: { status: 413, code: 'GOM.00004130' },
  unsupportedMediaType: { status: 415, code: 'GOM.00004150' },
  expectationFailed: { status: 417, code: 'GOM.00004170' },
  headersTooLarge: { status: 431, code: 'GOM.00004310' },
  internal: { status: 500, code: 'GOM.00005000' },
  unavailable: { status: 503, code: 'GOM.00005030' },
  // The store has no room left for a write (the in-memory limit, or a full disk).
  storageFull: { status: 507, code: 'GOM.00005070' }
} as const

type ErrorKind = keyof typeof ERRORS

interface ErrorEnvelope {
  provider_code: string
  error_code: string
  error_msg: string
  data: null
}

export class CocError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly code: string

  constructor (kind: ErrorKind, message: string) {
    super(message)
    this.name = 'CocError'
    this.kind = kind
    this.status = ERRORS[kind].status
    this.code = ERRORS[kind].code
  }
}

export function errorEnvelope (code: string, message: string): ErrorEnvelope {
  return { provider_code: PROVIDER_CODE, error_code: code, error_msg: message, data: null }
}

export function success<T> (data: T): { provider_code: string, error_code: string, error_msg: null, data: T } {
  return { provider_code: PROVIDER_CODE, error_code: SUCCESS_CODE, error_msg: null, data }
}

export function incidentNotFound (incidentNum: string): CocError {
  return new CocError('notFound', `incident_num: no incident ticket [${incidentNum}] exists`)
}
