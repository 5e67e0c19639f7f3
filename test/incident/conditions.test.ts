import t from 'tap'
import { parseCondition, type Condition } from '../../src/incident/conditions.js'

/** The tree written back with every group in parentheses, to compare shapes at a glance. */
const show = (c: Condition): string => c.op === 'name' ? c.name : `(${show(c.left)} ${c.op} ${show(c.right)})`

t.test('& binds tighter than |, each groups from the left, parentheses override', async t => {
  t.equal(show(parseCondition('a | b & c')), '(a or (b and c))')
  t.equal(show(parseCondition('a & b | c')), '((a and b) or c)')
  t.equal(show(parseCondition('a & b & c')), '((a and b) and c)')
  t.equal(show(parseCondition('a || b or c')), '((a or b) or c)')
  t.equal(show(parseCondition('a && (b | c) and d')), '((a and (b or c)) and d)')
  t.equal(show(parseCondition('x')), 'x')
})
