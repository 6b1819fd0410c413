import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertNever } from '../../../core/result/step-result';
import {
  AcquisitionError,
  type AcquireOptions,
  type AcquiredContent,
  type ContentSource,
  type Download,
  type Transcription,
} from '../content.types';
import { extractHtml } from './html-extract';
import { anchorsToTranscript, isSubtitleParseError, mergeRollingAnchors, parseSubtitles } from './subtitles';

/** Options of {@link FileSource}. */
export interface FileSourceOptions {
  /**
   * Directories whose files may be read (after symlinks and `..` are resolved), or `'any'` (the CLI). Default none:
   * every path is refused, so the API reads no local file unless configured to.
   */
  readonly roots?: readonly string[] | 'any';
  /** Largest file read, in bytes. Default 5 MiB. */
  readonly maxBytes?: number;
}

type FileKind = 'text' | 'markdown' | 'html' | 'vtt' | 'srt';

const KINDS: Readonly<Record<string, { kind: FileKind; contentType: string }>> = {
  '.txt': { kind: 'text', contentType: 'text/plain' },
  '.md': { kind: 'markdown', contentType: 'text/markdown' },
  '.html': { kind: 'html', contentType: 'text/html' },
  '.htm': { kind: 'html', contentType: 'text/html' },
  '.vtt': { kind: 'vtt', contentType: 'text/vtt' },
  '.srt': { kind: 'srt', contentType: 'application/x-subrip' },
};

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A `file:` URL for a local path (relative paths resolve against the working directory); strings that already are
 * URLs (`file:`, `http:`, …) are parsed as they are.
 *
 * @example toFileUrl('notes/talk.vtt') // file:///home/me/notes/talk.vtt
 */
export function toFileUrl(pathOrUrl: string): URL {
  // Two letters at least, so that a Windows drive (`C:\…`) is not taken for a scheme.
  if (/^[a-z][a-z0-9+.-]+:/i.test(pathOrUrl)) return new URL(pathOrUrl);
  return pathToFileURL(resolve(pathOrUrl));
}

/**
 * {@link ContentSource} for local files by `file:` URL: plain text, Markdown (reduced to plain text), HTML (main
 * text and metadata) and WebVTT/SRT subtitles (a transcript with its timeline). Paths are confined to the configured
 * roots, checked on the real path so neither `..` nor a symlink leads out of them.
 */
export class FileSource implements ContentSource {
  readonly name = 'file' as const;
  private readonly roots: readonly string[] | 'any';
  private readonly maxBytes: number;

  constructor(options: FileSourceOptions = {}) {
    this.roots = options.roots ?? [];
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  canHandle(url: URL): boolean {
    return url.protocol === 'file:';
  }

  async acquire(url: URL, options: AcquireOptions): Promise<AcquiredContent> {
    if (url.protocol !== 'file:') throw new AcquisitionError('unsupported_scheme', `${url.href} is not a file: URL`);
    options.signal?.throwIfAborted();
    const path = toPath(url);
    const real = await this.confine(path);
    const type = KINDS[extname(real).toLowerCase()];
    if (!type)
      throw new AcquisitionError(
        'unsupported_type',
        `${path} is not a supported file type (${Object.keys(KINDS).join(', ')})`,
      );
    const info = await stat(real);
    if (!info.isFile()) throw new AcquisitionError('unsupported_type', `${path} is not a regular file`);
    if (info.size > this.maxBytes)
      throw new AcquisitionError('too_large', `${path} is ${info.size} bytes, over the ${this.maxBytes}-byte limit`);
    const bytes = await readFile(real, { signal: options.signal });
    // The file may have grown since stat.
    if (bytes.length > this.maxBytes)
      throw new AcquisitionError('too_large', `${path} is over the ${this.maxBytes}-byte limit`);
    return read(url, path, type.kind, type.contentType, bytes.toString('utf8'));
  }

  /** The real path of `path`, or an error when it lies outside every root or does not exist. */
  private async confine(path: string): Promise<string> {
    if (this.roots !== 'any' && this.roots.length === 0) {
      throw new AcquisitionError(
        'not_allowed',
        `reading local files is not allowed (no file roots configured): ${path}`,
      );
    }
    const real = await realpath(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR')
        throw new AcquisitionError('failed', `cannot read ${path}: ${error.message}`);
      return null;
    });
    if (this.roots === 'any') {
      if (real === null) throw new AcquisitionError('not_found', `no such file: ${path}`);
      return real;
    }
    const roots = await Promise.all(
      this.roots.map(async (r) => [resolve(r), await realpath(r).catch(() => null)] as const),
    );
    // A missing path is reported as missing only inside a root, so the answer reveals nothing about other places.
    if (real === null) {
      if (roots.some(([lexical]) => within(path, lexical)))
        throw new AcquisitionError('not_found', `no such file: ${path}`);
      throw new AcquisitionError('not_allowed', `${path} is outside the allowed file roots`);
    }
    if (!roots.some(([, realRoot]) => realRoot !== null && within(real, realRoot))) {
      throw new AcquisitionError('not_allowed', `${path} is outside the allowed file roots`);
    }
    return real;
  }
}

function toPath(url: URL): string {
  try {
    return resolve(fileURLToPath(url));
  } catch (error) {
    throw new AcquisitionError('invalid_url', `${url.href} is not a local file URL: ${(error as Error).message}`);
  }
}

/** Whether `path` is `root` or below it, on a separator boundary (`/data` does not contain `/database`). */
function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function read(url: URL, path: string, kind: FileKind, contentType: string, text: string): AcquiredContent {
  const fileTitle = basename(path, extname(path));
  const download = (fields: Partial<Download>): Download => ({
    url: url.href,
    title: fileTitle,
    platform: 'file',
    duration: null,
    author: null,
    site: null,
    publishedAt: null,
    contentType,
    source: 'file',
    ...fields,
  });
  const authored = (transcript: string, origin: Transcription['origin']): Transcription => ({
    transcript,
    timelineAnchors: [],
    qualityScore: 1,
    origin,
  });
  switch (kind) {
    case 'text':
      return { download: download({}), transcription: authored(normalise(text), 'text') };
    case 'markdown': {
      const { title, text: plain } = markdownToText(text);
      return { download: download({ title: title ?? fileTitle }), transcription: authored(plain, 'text') };
    }
    case 'html': {
      const page = extractHtml(text, url.href);
      const fields = {
        title: page.title ?? fileTitle,
        site: page.site,
        author: page.author,
        publishedAt: page.publishedAt,
      };
      return { download: download(fields), transcription: authored(page.text, 'page') };
    }
    case 'vtt':
    case 'srt': {
      const anchors = parseSubtitleFile(text, kind, path);
      const timelineAnchors = mergeRollingAnchors(anchors);
      const duration = anchors.length > 0 ? anchors[anchors.length - 1].end : null;
      return {
        download: download({ duration }),
        transcription: {
          transcript: anchorsToTranscript(anchors),
          timelineAnchors,
          qualityScore: 1,
          origin: 'subtitles',
        },
      };
    }
    default:
      return assertNever(kind);
  }
}

function parseSubtitleFile(text: string, kind: 'vtt' | 'srt', path: string) {
  try {
    return parseSubtitles(text, kind);
  } catch (error) {
    if (isSubtitleParseError(error)) throw new AcquisitionError('failed', `${path}: ${error.message}`);
    throw error;
  }
}

const normalise = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trim();

/**
 * Markdown reduced to its prose: front matter, fenced code listings (program text, not prose), tables, heading
 * markers, emphasis, backticks, block quote markers, HTML comments and link syntax go; link and image text stay.
 * Each list item becomes a paragraph of its own, closed with a full stop when it has no closing punctuation, so
 * that items are read as sentences and never run together. The title is the first heading.
 */
export function markdownToText(markdown: string): { title: string | null; text: string } {
  let text = normalise(markdown)
    .replace(/^---\n[\s\S]*?\n---(\n|$)/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[ \t]*(?=\n|$)|$(?![\s\S]))/gm, '')
    .replace(/^ {0,3}\|.*\|[ \t]*$/gm, '')
    .replace(/^\s*\[[^\]]+\]:\s+\S+.*$/gm, '');
  text = listItemsAsParagraphs(text);
  const atx = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m.exec(text);
  const setext = /^(\S.*)\n {0,3}(?:=+|-+)[ \t]*$/m.exec(text);
  const heading = atx && setext ? (atx.index < setext.index ? atx : setext) : (atx ?? setext);
  text = text
    .replace(/^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm, '$1')
    .replace(/^ {0,3}(?:=+|-{2,}|\*{3,}|_{3,})[ \t]*$/gm, '')
    .replace(/^ {0,3}(> ?)+/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\](\([^)]*\)|\[[^\]]*\])/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1');
  text = stripEmphasis(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title: heading ? stripEmphasis(heading[1]).trim() : null, text };
}

/** Emphasis markers removed; a code span keeps its text as written (`__pycache__` stays `__pycache__`). */
function stripEmphasis(text: string): string {
  const spans: string[] = [];
  return (
    text
      .replace(/`+([^`\n]+?)`+/g, (_, code: string) => `\uE000${spans.push(code) - 1}\uE001`)
      .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
      .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)([^\n]*?\S)~~/g, '$1')
      // Private-use characters hold the spans' places: no text the emphasis rules touch contains them.
      .replace(/\uE000(\d+)\uE001/g, (_, i: string) => spans[Number(i)])
  );
}

const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const CLOSED = /[.!?:;…]["'”’)\]]*$/u;

/**
 * Every list item on a paragraph of its own, its continuation lines joined to it with a space, closed with a full
 * stop when it has no closing punctuation. Other lines are left as they are.
 */
function listItemsAsParagraphs(text: string): string {
  const out: string[] = [];
  let item: string | null = null;
  const close = () => {
    if (item !== null) out.push('', CLOSED.test(item) ? item : `${item}.`, '');
    item = null;
  };
  for (const line of text.split('\n')) {
    const start = LIST_ITEM.exec(line);
    if (start) {
      close();
      item = start[1].trim();
    } else if (item !== null && line.trim() !== '') item += ` ${line.trim()}`;
    else {
      close();
      out.push(line);
    }
  }
  close();
  return out.join('\n');
}
