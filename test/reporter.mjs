// tap's terse report: failures in full, then the totals. It redraws far less often than the
// default one, whose redrawing cost about 10 s of CPU over the whole suite. At exit it also
// leaves the assertion counts in .tap/summary.json, from which test/run-tap.mjs prints the
// closing "N passed, N failed" line.
import { mkdirSync, writeFileSync } from 'node:fs'
import React from 'react'
import { Terse } from '@tapjs/reporter'

let registered = false

export default function SummaryReporter ({ test, config }) {
  if (!registered) {
    registered = true
    process.once('exit', () => {
      const { pass = 0, fail = 0, skip = 0, todo = 0 } = test.counts
      mkdirSync('.tap', { recursive: true })
      writeFileSync('.tap/summary.json', JSON.stringify({ pass, fail, skip, todo }))
    })
  }
  return React.createElement(Terse, { test, config })
}
