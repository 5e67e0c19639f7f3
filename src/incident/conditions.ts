import { CocError } from '../errors.js'

/**
 * The v2 list's `condition`: a boolean expression over filter names, `( f1 & f2) | f3`
 * (`&&`, `||`, `and`, `or` also read). Parsed into a tree, never evaluated as code.
 */
export type Condition =
  | { op: 'name', name: string }
  | { op: 'and' | 'or', left: Condition, right: Condition }

interface Token { kind: 'name' | 'and' | 'or' | '(' | ')', text: string, at: number }

function tokenize (text: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s*(?:(&&?|\band\b)|(\|\|?|\bor\b)|(\()|(\))|([A-Za-z0-9_.\-]+))/gy
  let at = 0
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break
    pattern.lastIndex = at
    const m = pattern.exec(text)
    if (m === null) throw new CocError('validation', `condition: unexpected character at position ${at + 1 + (text.slice(at).length - text.slice(at).trimStart().length)}`)
    const start = m.index + m[0].length - m[0].trimStart().length
    if (m[1] !== undefined) tokens.push({ kind: 'and', text: m[1], at: start })
    else if (m[2] !== undefined) tokens.push({ kind: 'or', text: m[2], at: start })
    else if (m[3] !== undefined) tokens.push({ kind: '(', text: '(', at: start })
    else if (m[4] !== undefined) tokens.push({ kind: ')', text: ')', at: start })
    else tokens.push({ kind: 'name', text: m[5]!, at: start })
    at = pattern.lastIndex
  }
  return tokens
}

/** Parses a condition; throws GOM.00007256 naming the position of the first mistake. */
export function parseCondition (text: string): Condition {
  const tokens = tokenize(text)
  let i = 0
  const fail = (what: string): never => {
    const token = tokens[i]
    throw new CocError('validation', `condition: ${what} ${token === undefined ? 'at the end' : `at position ${token.at + 1} ("${token.text}")`}`)
  }
  const factor = (): Condition => {
    const token = tokens[i]
    if (token?.kind === 'name') {
      i++
      return { op: 'name', name: token.text }
    }
    if (token?.kind === '(') {
      i++
      const inner = expression()
      if (tokens[i]?.kind !== ')') fail('expected ")"')
      i++
      return inner
    }
    return fail('expected a filter name or "("')
  }
  // One level of precedence: operands joined by `op`, grouped from the left.
  const level = (op: 'and' | 'or', operand: () => Condition) => (): Condition => {
    let left = operand()
    while (tokens[i]?.kind === op) {
      i++
      left = { op, left, right: operand() }
    }
    return left
  }
  // & binds tighter than |.
  const term = level('and', factor)
  const expression = level('or', term)
  const tree = expression()
  if (i < tokens.length) fail('unexpected')
  return tree
}

