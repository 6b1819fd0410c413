import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT_KINDS, documentProse, loadCorpus } from '../../../bench/eval/corpus';
import { entityKey } from '../../../bench/eval/metrics';
import { parseText } from '../../../src/domain/content/analysis';

describe('eval corpus', () => {
  describe(documentProse.name, () => {
    it('returns the paragraphs of running text, one a line, their wrapped lines joined', () => {
      expect(documentProse('# Title\n\nOne line\nwrapped.\n\n- an item\n- another')).toBe(
        'One line wrapped.\n\nan item\n\nanother',
      );
    });

    it('returns no headings, code, tables, HTML comments or HTML-only lines, and link text without its syntax', () => {
      const markdown = [
        '<!-- source -->',
        '<h1 style="x">Fastify</h1>',
        'Read **the** [guide](./Guide.md).',
        '',
        '```text',
        'Read -> Evaluate',
        '```',
        '| a | b |',
        '|---|---|',
        '## Misc',
        '1. First point.',
      ].join('\n');
      expect(documentProse(markdown)).toBe('Read the guide.\n\nFirst point.');
    });
  });

  describe(loadCorpus.name, () => {
    const corpus = loadCorpus();

    it('returns documents of every kind, each slug once', () => {
      expect(new Set(corpus.map((d) => d.kind))).toEqual(new Set(DOCUMENT_KINDS));
      expect(new Set(corpus.map((d) => d.slug)).size).toBe(corpus.length);
    });

    it('returns entities whose text and aliases all occur in their document', () => {
      const absent = corpus.flatMap((d) =>
        d.entities
          .flatMap((e) => [e.text, ...(e.aliases ?? [])])
          .filter((name) => !entityKey(d.prose).includes(entityKey(name)))
          .map((name) => `${d.slug}: ${name}`),
      );
      expect(absent).toEqual([]);
    });

    it('returns references of 3 to 5 sentences', () => {
      const counts = corpus.map((d) => parseText(d.reference).sentences.length);
      expect(counts.filter((n) => n < 3 || n > 5)).toEqual([]);
    });

    it('throws naming the field when the manifest has one it does not know', () => {
      const dir = mkdtempSync(join(tmpdir(), 'eval-corpus-'));
      writeFileSync(join(dir, 'corpus.yaml'), 'documents: []\nextra: 1\n');
      expect(() => loadCorpus(dir)).toThrow(/extra/);
    });
  });
});
