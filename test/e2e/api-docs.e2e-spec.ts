import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DOCS_FILES, generateApiDocs, sortKeys, type ApiDocs } from '../../scripts/api-docs';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { testDataDir } from '../fixtures/test-config';

const ROOT = join(__dirname, '..', '..');

/** Why `committed` is not `built`, naming the first differing line; undefined when they are equal. */
function staleness(file: string, committed: string | undefined, built: string): string | undefined {
  if (committed === built) return undefined;
  if (committed === undefined) return `${file} is missing: run npm run docs:api`;
  const a = committed.split('\n');
  const b = built.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  return (
    `${file} differs from what the application builds, first at line ${line + 1} ` +
    `(committed ${JSON.stringify(a[line] ?? '<end>')}, built ${JSON.stringify(b[line] ?? '<end>')}): ` +
    'run npm run docs:api'
  );
}

describe('API reference in docs/api (e2e)', () => {
  let built: ApiDocs;

  beforeAll(async () => {
    built = await generateApiDocs(createApp, testDataDir());
  }, BOOT_TIMEOUT_MS);

  it.each(['openapi', 'schema'] as const)('has the %s document the application builds', (key) => {
    const path = join(ROOT, API_DOCS_FILES[key]);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    expect(staleness(API_DOCS_FILES[key], committed, built[key])).toBeUndefined();
  });

  it('writes the OpenAPI document with sorted keys and both files with one trailing newline', () => {
    const doc = JSON.parse(built.openapi) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['components', 'info', 'openapi', 'paths', 'servers', 'tags']);
    expect(built.openapi.endsWith('}\n')).toBe(true);
    expect(built.schema.endsWith('}\n')).toBe(true);
    expect(built.schema.endsWith('\n\n')).toBe(false);
  });

  it('sorts the keys of nested objects and keeps the order of arrays', () => {
    expect(JSON.stringify(sortKeys({ b: 1, a: [{ d: 1, c: [3, 2] }, null] }))).toBe(
      '{"a":[{"c":[3,2],"d":1},null],"b":1}',
    );
  });
});
