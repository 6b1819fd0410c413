/**
 * Creates, once per machine and PGlite version, an initialised embedded database that tests copy instead of
 * running initdb for every app (~2 s each; opening a copy takes ~0.4 s).
 */
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createTmpRoot } = require('./tmp-root');

module.exports = async function globalSetup() {
  const { PGlite } = require('@electric-sql/pglite');
  // The package's exports hide package.json; read it from disk.
  const pkg = join(__dirname, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json');
  const version = JSON.parse(require('node:fs').readFileSync(pkg, 'utf8')).version;
  const template = join(tmpdir(), `crew-pglite-template-${version}`);
  process.env.CREW_PGLITE_TEMPLATE = template;
  // The template stays in the system temp directory across runs; everything else goes under the run's root.
  const built = existsSync(join(template, 'pglite', 'PG_VERSION'));
  if (!built) await buildTemplate(PGlite, template);
  createTmpRoot();
};

async function buildTemplate(PGlite, template) {
  const building = `${template}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(join(building, 'pglite'), { recursive: true });
  const db = await PGlite.create(join(building, 'pglite'));
  await db.query('select 1');
  await db.close();
  rmSync(template, { recursive: true, force: true });
  renameSync(building, template);
}
