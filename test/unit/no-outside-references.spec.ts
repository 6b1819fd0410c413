import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Comments, test names and the Markdown kept beside the code state their rules themselves, or link to pages of this
 * repository (`docs/…`). They never cite a document that lives outside it: the design notes the port was written
 * from, the report it started from, or the shared folder next to the checkout. This spec scans every source, script
 * and Markdown file under src/, test/, bench/ and scripts/ (itself excepted) and names each line that does.
 */
const ROOT = join(__dirname, '..', '..');
const SCANNED_DIRS = ['src', 'test', 'bench', 'scripts'];
const SCANNED_FILES = /\.(ts|js|mjs|cjs|sh|md)$/;
const SELF = 'test/unit/no-outside-references.spec.ts';

/** Each kind of outside citation and what it looks like; a variable named `seed` or `spec` does not. */
const OUTSIDE_REFERENCES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: 'section sign', pattern: /§/ },
  { kind: 'design spec', pattern: /(?<![\w.-])spec(?:\/| [A-Z]?\d)/i },
  { kind: 'seed report', pattern: /(?<![\w.-])seed(?:\/| report)|PHASE1/i },
  { kind: 'outside document', pattern: /(?<!docs\/)\b(?:ARCHITECTURE|STYLE)\.md\b|\bCOMPASS\b/ },
  { kind: 'anchors folder', pattern: /(?<![\w.-])anchors\// },
  { kind: 'shared folder', pattern: /(?:\.\.|\/work)\/shared\// },
];

/** The kinds of outside citation a line holds, in {@link OUTSIDE_REFERENCES} order; none → `[]`. */
function outsideReferences(line: string): string[] {
  return OUTSIDE_REFERENCES.filter(({ pattern }) => pattern.test(line)).map(({ kind }) => kind);
}

/** Repository-relative paths (with `/`) of the scanned files but this one, sorted. */
function scannedFiles(): string[] {
  return SCANNED_DIRS.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && SCANNED_FILES.test(entry.name))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((file) => file !== SELF),
  ).sort();
}

describe('references to documents outside the repository', () => {
  describe(outsideReferences.name, () => {
    it('returns the kind of each citation of the spec, the seed report and the shared documents', () => {
      const lines = [
        '/** The cost table (spec §2.6). */',
        '// as described in spec/10-domain-autonomous.md',
        ' * `autonomous_intelligence` (spec 10, checks A1–A18)',
        ' * Context features for the bandit domains (Spec B3)',
        ' * The original core (seed/PHASE1_2_ORCHESTRATION_PROGRESS.md)',
        ' * as the seed report lists them',
        '/** The three layers of ARCHITECTURE.md. */',
        ' * see STYLE.md, "Comments"',
        ' * the overhead goal handed down by COMPASS',
        ' * from the anchors/README.md description',
        ' * (../shared/anchors/upstream/results.json)',
      ];
      expect(lines.map(outsideReferences)).toEqual([
        ['section sign'],
        ['design spec'],
        ['design spec'],
        ['design spec'],
        ['seed report'],
        ['seed report'],
        ['outside document'],
        ['outside document'],
        ['outside document'],
        ['anchors folder'],
        ['anchors folder', 'shared folder'],
      ]);
    });

    it('returns [] for code and prose that only look alike', () => {
      const lines = [
        'const rng = seededRandom(seed);',
        'for (let seed = 1; seed <= SEEDS; seed++) {',
        'export function benchDocument(words = 10_000, seed = 42): string {',
        'timeline_anchors: s2((d) => d.timeline_anchors),',
        'const { min = -Infinity, max = Infinity } = spec;',
        "import { render } from '../fixtures/foo.spec';",
        "testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],",
        "// The transcriber's temporary directories go here, so the spec can see that they are removed.",
        ' * See docs/benchmarks.md and docs/architecture.md.',
        ' * a compass needle',
      ];
      expect(lines.map(outsideReferences)).toEqual(lines.map(() => []));
    });
  });

  it('scans the sources, scripts and Markdown of src/, test/, bench/ and scripts/, but not this file', () => {
    const files = scannedFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'src/main.ts',
        'src/core/ports/README.md',
        'test/global-setup.js',
        'test/e2e/content-adapters.e2e-spec.ts',
        'bench/lib/report.ts',
        'scripts/bench-tables.js',
        'scripts/services.sh',
      ]),
    );
    expect(files).not.toContain(SELF);
    expect(files.some((f) => f.startsWith('bench/results/'))).toBe(false);
  });

  it('finds no comment, test name or text that cites a document outside the repository', () => {
    const found = scannedFiles().flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          const kinds = outsideReferences(line);
          return kinds.length === 0 ? [] : [`${file}:${i + 1} (${kinds.join(', ')}): ${line.trim()}`];
        }),
    );
    expect(found).toEqual([]);
  });
});
