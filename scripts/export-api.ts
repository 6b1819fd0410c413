import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from '../src/app.factory';
import { API_DOCS_FILES, generateApiDocs } from './api-docs';

/**
 * `npm run docs:api`: writes docs/api/openapi.json and docs/api/schema.graphql from the application itself (see
 * api-docs.ts). test/e2e/api-docs.e2e-spec.ts fails when the committed files differ from what this writes.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'crew-api-docs-'));
  try {
    const docs = await generateApiDocs(createApp, dataDir);
    for (const key of ['openapi', 'schema'] as const) {
      const path = join(root, API_DOCS_FILES[key]);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, docs[key]);
      process.stdout.write(`wrote ${API_DOCS_FILES[key]}\n`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
