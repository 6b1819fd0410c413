/**
 * One temp root per jest run: global setup points TMPDIR (read by os.tmpdir() on every call, inherited by the
 * workers and the processes they spawn) at a fresh directory, and global teardown removes it with everything the
 * tests left there, so runs do not pile up data directories in /tmp.
 */
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

function createTmpRoot() {
  const root = mkdtempSync(join(tmpdir(), 'crew-test-'));
  // Servers started as another user (PostgreSQL runs as `postgres` under root) must be able to reach into it.
  chmodSync(root, 0o755);
  process.env.CREW_TEST_TMP = root;
  process.env.TMPDIR = root;
}

function removeTmpRoot() {
  const root = process.env.CREW_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}

module.exports = { createTmpRoot, removeTmpRoot };
