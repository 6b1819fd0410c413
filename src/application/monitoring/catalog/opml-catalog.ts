import { generateOpml, parseOpml, type Opml } from 'feedsmith';
import type { Creator, Platform, Source } from '../monitoring.types';
import { YOUTUBE_CHANNEL_ID, YOUTUBE_PLAYLIST_ID } from './catalog-rules';

/** Attributes the export adds to each outline so that an import gives back the same sources. */
const EXTRA = ['platform', 'locator'] as const;
type Outline = Opml.Outline<string, typeof EXTRA>;

/** One source an OPML document asks for: under which creator, on which platform and locator. */
export interface OpmlEntry {
  /** The outline's text (or title, or URL), to name it in the report. */
  readonly outline: string;
  readonly creatorId: string;
  readonly creatorName: string;
  readonly platform: Platform;
  readonly locator: string;
}

/** A creator id from a free text: lowercase, accents dropped, runs of other characters as `_`, at most 64. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '_')
    .replace(/^[_-]+/, '')
    .slice(0, 64)
    .replace(/[_-]+$/, '');
  return slug.length > 0 ? slug : 'creator';
}

/** A feed URL as a source: a YouTube channel or playlist feed becomes a `youtube` source, anything else a `feed`. */
export function sourceOfFeedUrl(xmlUrl: string): { platform: Platform; locator: string } {
  try {
    const url = new URL(xmlUrl);
    if (/(^|\.)youtube\.com$/.test(url.hostname) && url.pathname === '/feeds/videos.xml') {
      const channel = url.searchParams.get('channel_id');
      if (channel && YOUTUBE_CHANNEL_ID.test(channel)) return { platform: 'youtube', locator: channel };
      const playlist = url.searchParams.get('playlist_id');
      if (playlist && YOUTUBE_PLAYLIST_ID.test(playlist)) return { platform: 'youtube', locator: playlist };
    }
  } catch {
    // Not a URL: kept as a feed locator, which the catalog then refuses naming `locator`.
  }
  return { platform: 'feed', locator: xmlUrl };
}

/** The feed URL a source is read from, when it has one (a handle on a platform without a feed has none). */
export function feedUrlOf(s: Pick<Source, 'platform' | 'locator'>): string | undefined {
  switch (s.platform) {
    case 'feed':
      return s.locator;
    case 'youtube':
      if (YOUTUBE_CHANNEL_ID.test(s.locator)) return `https://www.youtube.com/feeds/videos.xml?channel_id=${s.locator}`;
      if (YOUTUBE_PLAYLIST_ID.test(s.locator))
        return `https://www.youtube.com/feeds/videos.xml?playlist_id=${s.locator}`;
      return undefined;
    case 'reddit':
      return `https://www.reddit.com/${s.locator}/.rss`;
    default:
      return undefined;
  }
}

const label = (o: Outline) => o.text || o.title || o.xmlUrl || '(untitled)';

/**
 * The sources an OPML document lists: every outline with an `xmlUrl` (or with the `platform` and `locator` this
 * export writes), under the creator named by its parent outline's text (a top-level feed is its own creator).
 * Throws the parser's error for a document that is not OPML.
 */
export function readOpml(xml: string): OpmlEntry[] {
  const doc = parseOpml(xml, { extraOutlineAttributes: EXTRA });
  const entries: OpmlEntry[] = [];
  const visit = (outlines: readonly Outline[] | undefined, parent: Outline | undefined) => {
    for (const o of outlines ?? []) {
      const { platform, locator } = o as { platform?: unknown; locator?: unknown };
      const own =
        typeof platform === 'string' && typeof locator === 'string' && platform && locator
          ? { platform: platform as Platform, locator }
          : undefined;
      const source = own ?? (o.xmlUrl ? sourceOfFeedUrl(o.xmlUrl) : undefined);
      if (source) {
        // The export writes the creator id as the creator outline's title; other documents repeat the text there.
        const owner = parent ?? o;
        const name = label(owner);
        entries.push({ outline: label(o), creatorId: slugify(owner.title || name), creatorName: name, ...source });
      }
      visit(o.outlines, o.outlines?.length ? o : parent);
    }
  };
  visit(doc.body?.outlines, undefined);
  return entries;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An OPML document with one outline per creator and, under it, one per source (with its feed URL when it has one).
 * An empty catalog is an OPML document with an empty body (which the generator refuses to write).
 */
export function writeOpml(title: string, creators: readonly Creator[], sources: readonly Source[]): string {
  if (creators.length === 0)
    return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n    <title>${escapeXml(title)}</title>\n  </head>\n  <body/>\n</opml>\n`;
  const outlines: Outline[] = creators.map((c) => ({
    text: c.name,
    title: c.id,
    outlines: sources
      .filter((s) => s.creatorId === c.id)
      .map((s) => {
        const xmlUrl = feedUrlOf(s);
        return {
          text: `${s.platform} ${s.locator}`,
          ...(xmlUrl ? { type: 'rss', xmlUrl } : {}),
          platform: s.platform,
          locator: s.locator,
        };
      }),
  }));
  return generateOpml({ head: { title }, body: { outlines } }, { extraOutlineAttributes: EXTRA });
}
