#!/usr/bin/env node
/**
 * `npm run runtime`: prints the Node.js that npm scripts run on and fails unless it is the project's major.
 *
 * npm puts node_modules/.bin first on every script's PATH, and the optional dependency node-linux-<arch>
 * links its Node binary there, so scripts run on the pinned Node (.nvmrc) whatever the machine's own `node` is.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const wanted = readFileSync(join(__dirname, '..', '.nvmrc'), 'utf8').trim();
const major = (v) => v.replace(/^v/, '').split('.')[0];
console.log(`node ${process.version} (${process.execPath}); project runtime ${wanted}`);
if (major(process.version) !== major(wanted)) {
  console.error(
    `Node ${major(wanted)}.x is required, this is ${process.version}: run through npm (npm test, npm start, npm run ...) ` +
      `after npm ci, or put node_modules/.bin first on PATH.`,
  );
  process.exit(1);
}
