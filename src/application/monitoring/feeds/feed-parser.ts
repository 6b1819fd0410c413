import { TextDecoder } from 'node:util';
import { parseFeed, type AnyFeed } from 'feedsmith';
import type { FeedItem } from '../monitoring.types';

/** A feed's entries, newest first as listed, and the WebSub hub and topic (`rel="self"`) it names. */
export interface ParsedFeed {
  readonly status: 'parsed';
  readonly format: AnyFeed['format'];
  readonly items: readonly FeedItem[];
  readonly hub: string | null;
  readonly topic: string | null;
}

export type FeedParse = ParsedFeed | { readonly status: 'malformed'; readonly message: string };

/** How entries are read. */
export interface FeedParseOptions {
  /** The kind given to every item. Default `post`. */
  readonly kind?: FeedItem['kind'];
  /** Relative links are resolved against it (the URL the feed was fetched from). */
  readonly baseUrl?: URL;
  /** The Content-Type the feed came with: its charset wins over the XML declaration. */
  readonly contentType?: string | null;
}

interface Link {
  readonly href?: string;
  readonly rel?: string;
}
interface Entry {
  readonly id?: string;
  readonly url?: string;
  readonly title?: string;
  readonly dates: readonly (string | undefined)[];
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  try {
    return label ? new TextDecoder(label) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes with the Content-Type charset, else the XML declaration's encoding, else UTF-8 (a BOM is dropped). */
export function decodeFeed(bytes: Uint8Array, contentType?: string | null): string {
  const declared = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const xml = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)/.exec(head)?.[1];
  return (decoderFor(declared) ?? decoderFor(xml) ?? new TextDecoder('utf-8')).decode(bytes);
}

function text(value: unknown): string | undefined {
  const raw = typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw); // JSON Feed 1.0 allowed numeric ids
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

function linkOf(links: readonly Link[] | undefined, rel: string): string | undefined {
  const found = links?.find((link) => (link.rel ?? 'alternate') === rel && text(link.href));
  return text(found?.href);
}

/** A YouTube video entry is known by its video id, the same in every feed of the channel. */
function stableId(id: string | undefined, videoId: string | undefined): string | undefined {
  if (videoId) return `yt:${videoId}`;
  const youtube = id ? /^yt:video:([\w-]+)$/.exec(id) : null;
  return youtube ? `yt:${youtube[1]}` : id;
}

function entriesOf(parsed: AnyFeed): { entries: Entry[]; links: readonly Link[] } {
  switch (parsed.format) {
    case 'atom':
      return {
        links: parsed.feed.links ?? [],
        entries: (parsed.feed.entries ?? []).map((e) => ({
          id: stableId(text(e.id), text(e.yt?.videoId)),
          url: linkOf(e.links, 'alternate') ?? text(e.links?.[0]?.href),
          title: text(e.title),
          dates: [e.published, e.updated, e.dc?.dates?.[0]],
        })),
      };
    case 'rss':
      return {
        links: parsed.feed.atom?.links ?? [],
        entries: (parsed.feed.items ?? []).map((i) => ({
          id: text(i.guid),
          url: text(i.link),
          title: text(i.title),
          dates: [i.pubDate, i.dc?.dates?.[0], i.atom?.published, i.atom?.updated],
        })),
      };
    case 'rdf':
      return {
        links: parsed.feed.atom?.links ?? [],
        entries: (parsed.feed.items ?? []).map((i) => ({
          id: text(i.rdf?.about),
          url: text(i.link),
          title: text(i.title),
          dates: [i.dc?.dates?.[0]],
        })),
      };
    case 'json': {
      const hubs = (parsed.feed.hubs ?? []).map((h) => ({ href: h.url, rel: 'hub' }));
      return {
        links: [...hubs, { href: parsed.feed.feed_url, rel: 'self' }],
        entries: (parsed.feed.items ?? []).map((i) => ({
          id: text(i.id),
          url: text(i.url) ?? text(i.external_url),
          title: text(i.title),
          dates: [i.date_published, i.date_modified],
        })),
      };
    }
  }
}

function epoch(dates: readonly (string | undefined)[]): number | null {
  for (const date of dates) {
    if (typeof date !== 'string') continue;
    const at = Date.parse(date.trim());
    if (!Number.isNaN(at)) return at;
  }
  return null;
}

function absolute(href: string | undefined, base: URL | undefined): string | undefined {
  if (!href) return undefined;
  const url = URL.parse(href, base?.href);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : undefined;
}

/**
 * Reads an RSS, Atom, RDF or JSON Feed document. Each item is known by its guid or id (a YouTube video as
 * `yt:<videoId>`), else by its link, never by its title or position; an item with neither, or without an http(s)
 * link (its id stands in when it is one), is left out. Dates are the published date, else the updated one (epoch
 * ms; unreadable → null). Anything that is not a feed is `malformed`, never an empty feed.
 */
export function parseFeedDocument(document: string | Uint8Array, options: FeedParseOptions = {}): FeedParse {
  const source = typeof document === 'string' ? document : decodeFeed(document, options.contentType);
  if (source.trim() === '') return { status: 'malformed', message: 'the body is empty, not a feed' };
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const start = JSON.stringify(source.trimStart().slice(0, 40));
    return {
      status: 'malformed',
      message: `not an RSS, Atom, RDF or JSON feed (${reason}); the body starts with ${start}`,
    };
  }
  const { entries, links } = entriesOf(parsed);
  const items: FeedItem[] = [];
  for (const entry of entries) {
    const url = absolute(entry.url, options.baseUrl) ?? absolute(entry.id, undefined);
    const id = entry.id ?? url;
    if (!id || !url) continue;
    const item = { id, url, title: entry.title ?? null, publishedAt: epoch(entry.dates) };
    items.push({ ...item, kind: options.kind ?? 'post' });
  }
  return {
    status: 'parsed',
    format: parsed.format,
    items,
    hub: absolute(linkOf(links, 'hub'), options.baseUrl) ?? null,
    topic: absolute(linkOf(links, 'self'), options.baseUrl) ?? null,
  };
}
