import { Type, type Static } from '@sinclair/typebox'
import { AdminTicket, ClockBody, FaultBody, MAX_INSERTED_TICKETS } from './admin.js'
import { Credential, Token, User } from './fixtures.js'

/**
 * A scenario: the state a test suite starts from, declared once. Identities (users, tokens,
 * credentials) join the fixtures; the clock, tickets and faults are set after every reset,
 * with the control plane's own schemas and rules.
 */
export const Scenario = Type.Object({
  users: Type.Optional(Type.Array(User)),
  tokens: Type.Optional(Type.Array(Token)),
  credentials: Type.Optional(Type.Array(Credential)),
  clock: Type.Optional(ClockBody),
  tickets: Type.Optional(Type.Array(AdminTicket, { maxItems: MAX_INSERTED_TICKETS })),
  faults: Type.Optional(Type.Array(FaultBody))
})
export type Scenario = Static<typeof Scenario>
