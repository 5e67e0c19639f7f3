// tap's default report, then one plain closing line that CI can read:
// "N passed, N failed" (", N skipped" when any were skipped).
import React from 'react'
import { Base } from '@tapjs/reporter'

export default function SummaryReporter ({ test, config }) {
  if (!SummaryReporter.registered) {
    SummaryReporter.registered = true
    process.once('exit', () => {
      const { pass = 0, fail = 0, skip = 0 } = test.counts
      process.stdout.write(`\n${pass} passed, ${fail} failed${skip ? `, ${skip} skipped` : ''}\n`)
    })
  }
  return React.createElement(Base, { test, config })
}
