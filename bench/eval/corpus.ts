import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { markdownToText } from '../../src/domain/content/acquisition/file-source';

/** Where `npm run eval` reads its documents and their manifest (`corpus.yaml`). */
export const CORPUS_DIR = join(__dirname, '..', '..', 'eval', 'corpus');

export const DOCUMENT_KINDS = ['news', 'documentation', 'talk', 'opinion'] as const;
export const ENTITY_TYPES = ['person', 'organisation', 'place', 'date', 'number', 'other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const listedEntity = z.strictObject({
  text: z.string().min(1),
  type: z.enum(ENTITY_TYPES),
  aliases: z.array(z.string().min(1)).optional(),
});

const manifestDocument = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  title: z.string().min(1),
  kind: z.enum(DOCUMENT_KINDS),
  source: z.string().min(1),
  licence: z.string().min(1),
  excerpt: z.string().min(1),
  reference: z.string().min(1),
  entities: z.array(listedEntity).min(1),
});

const manifest = z.strictObject({ documents: z.array(manifestDocument).min(1) });

/** An entity of a document's hand-made list: its text as the document writes it, and other spellings it uses. */
export type ListedEntity = z.infer<typeof listedEntity>;

/** A corpus document as `corpus.yaml` describes it, with its prose (what every system under evaluation reads). */
export interface CorpusDocument extends z.infer<typeof manifestDocument> {
  readonly prose: string;
}

/**
 * The corpus: `corpus.yaml` validated (an unknown field, a missing one or a bad kind or entity type is an error that
 * names it), each document read from `<slug>.md` beside it and reduced to its prose.
 */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusDocument[] {
  const { documents } = manifest.parse(parse(readFileSync(join(dir, 'corpus.yaml'), 'utf8')));
  return documents.map((doc) => ({ ...doc, prose: documentProse(readFileSync(join(dir, `${doc.slug}.md`), 'utf8')) }));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const TABLE_ROW = /^ {0,3}\|/;
const HTML_LINE = /^ {0,3}<[^>]+>.*<\/[^>]+>\s*$|^ {0,3}<[^>]+>\s*$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d+[.)])[ \t]+/;

/**
 * The running text of a Markdown document, as one paragraph a line: headings, fenced code, table rows, HTML comments
 * and lines that are only HTML are left out; each list item becomes a paragraph of its own (its marker dropped); the
 * lines of a paragraph are joined with a space; inline syntax (emphasis, links, code spans) is reduced to its text
 * as the file source reduces Markdown. The lead sentences of this text are the Lead-3 baseline.
 *
 * @example documentProse('# Title\n\nOne line\nwrapped.\n\n- an item') // 'One line wrapped.\n\nan item'
 */
export function documentProse(markdown: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' '));
    current = [];
  };
  let fence: string | undefined;
  const lines = markdown
    .replace(/\r\n?/g, '\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n');
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      flush();
      fence = marker;
    } else if (line.trim() === '' || HEADING.test(line) || TABLE_ROW.test(line) || HTML_LINE.test(line)) {
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      current.push(line.replace(LIST_ITEM, '').trim());
    } else current.push(line.trim());
  }
  flush();
  return markdownToText(paragraphs.join('\n\n')).text;
}
