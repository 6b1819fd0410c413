import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README_MAX_LINES = 250;
const ORCHESTRATOR_INDEX = 'docs/orchestrators/README.md';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** README.md and every Markdown file under docs/, as paths relative to the repository root. */
function markdownFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir)).sort()) {
      const path = `${dir}/${entry}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (entry.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return ['README.md', ...found];
}

/** The lines of a Markdown text outside fenced code blocks (``` or ~~~, closed by a fence at least as long). */
function proseLines(text: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = undefined;
    } else if (marker) fence = marker;
    else lines.push(line);
  }
  return lines;
}

/** The anchor GitHub gives a heading: lowercase, punctuation other than `-` and `_` dropped, each space a `-`. */
function slugOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading anchor of a Markdown text; repeated headings get `-1`, `-2`, … as on GitHub. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Link targets of a Markdown text (inline links and images), outside code blocks and code spans. */
function linksOf(text: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(text)) {
    const prose = line.replace(/(`+)[^`]*?\1/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]);
  }
  return targets;
}

/** The relative links of `file` whose file, or whose heading in a Markdown file, does not exist. */
function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const target of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const [path, anchor] = target.split('#', 2);
    const absolute = resolve(ROOT, dirname(file), decodeURIComponent(path));
    if (path && !existsSync(absolute)) {
      broken.push(`${target} (no file ${relative(ROOT, absolute)})`);
      continue;
    }
    if (anchor === undefined || (path && !path.endsWith('.md'))) continue;
    const targetText = path ? readFileSync(absolute, 'utf8') : text;
    if (!anchorsOf(targetText).has(anchor)) broken.push(`${target} (no heading #${anchor})`);
  }
  return broken;
}

/** `name | layer | type` of every `@Orchestrator({...})` decorator in src/ (type defaults to sequential). */
function orchestratorsInSource(): string[] {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir))) {
      const path = `${dir}/${entry}`;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.spec.ts')) sources.push(read(path));
    }
  };
  walk('src');
  // A name may be a string constant declared in some source file (`export const X = 'name'`).
  const constants = new Map<string, string>();
  for (const text of sources)
    for (const c of text.matchAll(/^export const ([A-Z][A-Z0-9_]*) = '([^']+)';/gm)) constants.set(c[1], c[2]);
  const found: string[] = [];
  for (const text of sources) {
    // Decorators only: a line that starts with one, not a TSDoc example.
    for (const m of text.matchAll(/^@Orchestrator\(\{([\s\S]*?)\}\)$/gm)) {
      const field = (key: string) =>
        new RegExp(`${key}:\\s*'([^']+)'`).exec(m[1])?.[1] ??
        constants.get(new RegExp(`${key}:\\s*([A-Z][A-Z0-9_]*)`).exec(m[1])?.[1] ?? '');
      found.push(`${field('name')} | ${field('layer')} | ${field('type') ?? 'sequential'}`);
    }
  }
  return found.sort();
}

/** The rows of the orchestrator index: `name | layer | type` of each row whose first cell links to `name.md`. */
function orchestratorIndexRows(): { row: string; page: string }[] {
  const rows: { row: string; page: string }[] = [];
  for (const line of proseLines(read(ORCHESTRATOR_INDEX))) {
    const cells = line.split('|').map((c) => c.trim());
    const link = /^\[`?([a-z_]+)`?\]\(([^)#]+)\)$/.exec(cells[1] ?? '');
    if (link) rows.push({ row: `${link[1]} | ${cells[2]} | ${cells[3]}`, page: `docs/orchestrators/${link[2]}` });
  }
  return rows.sort((a, b) => a.row.localeCompare(b.row));
}

describe('documentation', () => {
  describe('README.md', () => {
    it(`has at most ${README_MAX_LINES} lines`, () => {
      const text = read('README.md');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
    });
  });

  describe('links', () => {
    it.each(markdownFiles())('every relative link in %s points to a file and heading that exist', (file) => {
      expect(brokenLinks(file, read(file))).toEqual([]);
    });

    it('reports a missing file and a missing heading, and ignores links in code and absolute URLs', () => {
      const text = [
        '# Title',
        '[ok](#title) [bad anchor](#nope) [missing](no-such-file.md) [web](https://example.org/x.md)',
        '`[in code](gone.md)`',
        '```',
        '[in a fence](gone.md)',
        '```',
        '[readme heading](README.md#crew-orchestrator)',
      ].join('\n');
      expect(brokenLinks('docs/x.md', text)).toEqual([
        '#nope (no heading #nope)',
        'no-such-file.md (no file docs/no-such-file.md)',
        'README.md#crew-orchestrator (no file docs/README.md)',
      ]);
    });
  });

  describe(slugOf.name, () => {
    it.each([
      ['`resilience` (infrastructure, adaptive)', 'resilience-infrastructure-adaptive'],
      ['`autonomous_intelligence` (domain) — the default mode', 'autonomous_intelligence-domain--the-default-mode'],
      ['Where a request’s time goes', 'where-a-requests-time-goes'],
      ['Node 24: what was re-checked', 'node-24-what-was-re-checked'],
      ['[Linked](other.md) heading', 'linked-heading'],
    ])('turns %s into %s', (heading, slug) => {
      expect(slugOf(heading)).toBe(slug);
    });

    it('numbers repeated headings', () => {
      expect([...anchorsOf('# A\n## A\n### A b')]).toEqual(['a', 'a-1', 'a-b']);
    });
  });

  describe(ORCHESTRATOR_INDEX, () => {
    it('lists every orchestrator in src/ with its layer and type, each with a page that exists', () => {
      const rows = orchestratorIndexRows();
      expect(rows.map((r) => r.row)).toEqual(orchestratorsInSource());
      expect(rows.filter((r) => !existsSync(join(ROOT, r.page))).map((r) => r.page)).toEqual([]);
    });

    it('lists every page of docs/orchestrators/', () => {
      const pages = readdirSync(join(ROOT, 'docs', 'orchestrators'))
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .map((f) => `docs/orchestrators/${f}`)
        .sort();
      expect(
        orchestratorIndexRows()
          .map((r) => r.page)
          .sort(),
      ).toEqual(pages);
    });
  });
});
