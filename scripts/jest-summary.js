#!/usr/bin/env node
/**
 * `node scripts/jest-summary.js A.json [B.json …]`: one plain "N passed, N failed" line summed over jest's JSON
 * results (suites that failed to run count as failures; ", N skipped" follows when any test was skipped). Exits 1
 * when anything failed or a run executed no test. Used by .ci/run and scripts/ci-under-load.sh.
 */
const { resolve } = require('node:path');

const runs = process.argv.slice(2).map((f) => require(resolve(f)));
const sum = (k) => runs.reduce((n, r) => n + (r[k] || 0), 0);
const failed = sum('numFailedTests') + sum('numRuntimeErrorTestSuites');
const pending = sum('numPendingTests');
console.log(`${sum('numPassedTests')} passed, ${failed} failed` + (pending ? `, ${pending} skipped` : ''));
process.exit(failed > 0 || runs.length === 0 || runs.some((r) => r.numTotalTests === 0) ? 1 : 0);
