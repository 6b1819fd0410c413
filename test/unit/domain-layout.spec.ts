/**
 * The dependency rules of the source tree, checked on the import and export statements of every non-spec file.
 * A failure lists each offending `file → imported path` (paths relative to src/).
 *
 * src/domain: content/ (shared content services) is the base; crew/ (the agent/task engine) builds on content's
 * public surface; report/ (the job's report model and renderings) builds on both; each orchestrator folder and
 * autointel/ (the job) build on the three public surfaces (content/index.ts, crew/index.ts, report/index.ts).
 * Orchestrator folders are every folder of src/domain other than content, crew, report and autointel, so a new
 * orchestrator is checked as soon as its folder exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

const SRC = join(__dirname, '..', '..', 'src');
const LAYERS = ['domain', 'application', 'infrastructure', 'api'] as const;
const SHARED = new Set(['content', 'crew', 'report', 'autointel']);
const CREW_INDEX = 'domain/crew/index.ts';
const REPORT_INDEX = 'domain/report/index.ts';
const CONTENT_INDEX = 'domain/content/index.ts';

interface Edge {
  /** The importing file, relative to src/. */
  readonly from: string;
  /** The path as written in the statement. */
  readonly path: string;
  /** The resolved file relative to src/ (`../test/…` outside it), or undefined for a package. */
  readonly target: string | undefined;
}

const posix = (p: string) => p.split(sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function resolveImport(file: string, path: string): string {
  const base = join(dirname(file), path);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return posix(relative(SRC, candidate));
    } catch {
      // not this candidate
    }
  }
  return posix(relative(SRC, base));
}

function edgesOf(file: string): Edge[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const from = posix(relative(SRC, file));
  return importedFiles.map(({ fileName: path }) => ({
    from,
    path,
    target: path.startsWith('.') ? resolveImport(file, path) : undefined,
  }));
}

const edges = (top: string) => sourceFiles(join(SRC, top)).flatMap(edgesOf);
const shown = (e: Edge) => `${e.from} → ${e.path}`;

/** `domain/<folder>/…` → folder; `domain/domain.module.ts` → '' (the layer's root); anything else → undefined. */
function domainFolder(path: string | undefined): string | undefined {
  const parts = path?.split('/') ?? [];
  if (parts[0] !== 'domain') return undefined;
  return parts.length > 2 ? parts[1] : '';
}

const orchestratorFolders = readdirSync(join(SRC, 'domain')).filter(
  (name) => statSync(join(SRC, 'domain', name)).isDirectory() && !SHARED.has(name),
);
const isOrchestrator = (folder: string | undefined) => folder !== undefined && orchestratorFolders.includes(folder);

describe('source layout', () => {
  const domain = edges('domain');

  it('scans the domain: three orchestrator folders and their imports of the public surfaces', () => {
    expect(orchestratorFolders).toEqual(
      expect.arrayContaining(['fallback-autonomous', 'autonomous-intelligence', 'enhanced-autonomous']),
    );
    expect(domain).toContainEqual({
      from: 'domain/autonomous-intelligence/autonomous.orchestrator.ts',
      path: '../crew',
      target: CREW_INDEX,
    });
  });

  describe('src/domain', () => {
    it('content/ imports neither crew/, nor an orchestrator folder, nor autointel/', () => {
      const violations = domain.filter((e) => {
        const to = domainFolder(e.target);
        return domainFolder(e.from) === 'content' && to !== undefined && to !== 'content';
      });
      expect(violations.map(shown)).toEqual([]);
    });

    it('crew/ imports no orchestrator folder and not autointel/, and content only through content/index.ts', () => {
      const violations = domain.filter((e) => {
        if (domainFolder(e.from) !== 'crew') return false;
        const to = domainFolder(e.target);
        if (to === 'content') return e.target !== CONTENT_INDEX;
        return to !== undefined && to !== 'crew';
      });
      expect(violations.map(shown)).toEqual([]);
    });

    it('report/ imports no orchestrator folder and not autointel/, and content and crew only through index.ts', () => {
      const violations = domain.filter((e) => {
        if (domainFolder(e.from) !== 'report') return false;
        const to = domainFolder(e.target);
        if (to === 'content') return e.target !== CONTENT_INDEX;
        if (to === 'crew') return e.target !== CREW_INDEX;
        return to !== undefined && to !== 'report';
      });
      expect(violations.map(shown)).toEqual([]);
    });

    it('no orchestrator folder imports another orchestrator folder or autointel/', () => {
      const violations = domain.filter((e) => {
        const from = domainFolder(e.from);
        const to = domainFolder(e.target);
        return isOrchestrator(from) && to !== undefined && to !== from && (isOrchestrator(to) || to === 'autointel');
      });
      expect(violations.map(shown)).toEqual([]);
    });

    it('autointel/ imports no orchestrator folder: it runs orchestrators by name through the facade', () => {
      const violations = domain.filter(
        (e) => domainFolder(e.from) === 'autointel' && isOrchestrator(domainFolder(e.target)),
      );
      expect(violations.map(shown)).toEqual([]);
    });

    it('orchestrator folders and autointel/ use crew/, content/ and report/ only through their index.ts', () => {
      const violations = domain.filter((e) => {
        const from = domainFolder(e.from);
        if (!isOrchestrator(from) && from !== 'autointel') return false;
        const to = domainFolder(e.target);
        return (
          (to === 'crew' && e.target !== CREW_INDEX) ||
          (to === 'content' && e.target !== CONTENT_INDEX) ||
          (to === 'report' && e.target !== REPORT_INDEX)
        );
      });
      expect(violations.map(shown)).toEqual([]);
    });

    it('nothing in src/domain imports domain.module.ts', () => {
      const violations = domain.filter((e) => e.target === 'domain/domain.module.ts');
      expect(violations.map(shown)).toEqual([]);
    });

    it('inside crew/, only index.ts imports crew.module.ts, and only crew.module.ts imports crew.providers.ts', () => {
      const root = (name: string) => `domain/crew/${name}`;
      const violations = domain.filter((e) => {
        if (domainFolder(e.from) !== 'crew') return false;
        if (e.target === CREW_INDEX) return true;
        if (e.target === root('crew.module.ts')) return e.from !== CREW_INDEX;
        if (e.target === root('crew.providers.ts')) return e.from !== root('crew.module.ts');
        return false;
      });
      expect(violations.map(shown)).toEqual([]);
    });
  });

  describe('layers', () => {
    it('src/core imports nothing outside src/core', () => {
      const violations = edges('core').filter((e) => e.target !== undefined && !e.target.startsWith('core/'));
      expect(violations.map(shown)).toEqual([]);
    });

    it.each(LAYERS)('src/%s imports only src/core and its own files', (layer) => {
      const violations = edges(layer).filter(
        (e) => e.target !== undefined && !e.target.startsWith('core/') && !e.target.startsWith(`${layer}/`),
      );
      expect(violations.map(shown)).toEqual([]);
    });
  });
});
