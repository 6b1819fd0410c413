import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { render } = require('../../scripts/bench-tables.js') as { render(text: string): string };

/** docs/benchmarks.md shows what bench/results holds: its tables are written from the files by npm run bench:docs. */
describe('docs/benchmarks.md', () => {
  it('has every result file’s tables as the file holds them (run npm run bench:docs after a bench)', () => {
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks.md'), 'utf8');
    expect(render(page)).toBe(page);
  });
});
