import { generateOpml, parseOpml, type Opml } from 'feedsmith';
import type { Creator, Source } from '../monitoring.types';

/** One feed of an OPML subscription list, with the creator it is filed under. */
export interface OpmlFeed {
  /** The parent outline's text; for a feed at the top level, its own title or text. */
  readonly creatorName: string;
  readonly xmlUrl: string;
  readonly title: string | null;
}

export type OpmlImport =
  | { readonly status: 'ok'; readonly feeds: readonly OpmlFeed[] }
  | { readonly status: 'invalid'; readonly errors: readonly string[] };

/** What {@link generateSourcesOpml} writes: each creator, with the feed URLs of their watchable sources. */
export interface OpmlCreator {
  readonly name: string;
  readonly feeds: readonly { readonly xmlUrl: string; readonly title: string }[];
}

type Outline = Opml.Outline<string>;

function label(outline: Outline): string | undefined {
  const value = (outline.title ?? outline.text)?.trim();
  return value ? value : undefined;
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

/**
 * Reads an OPML subscription list. An outline with an `xmlUrl` is a feed; an outline without one is a folder whose
 * text names the creator of the feeds inside it (at any depth, the nearest folder wins). Outlines are numbered from
 * 1 by position (`2.1` is the first child of the second): an `xmlUrl` that is not http(s), or a feed with no
 * creator name, is reported with its number, and nothing is imported then.
 */
export function parseSourcesOpml(document: string): OpmlImport {
  let parsed: Opml.Document<string>;
  try {
    parsed = parseOpml(document);
  } catch (error) {
    return { status: 'invalid', errors: [`not an OPML document (${(error as Error).message})`] };
  }
  const feeds: OpmlFeed[] = [];
  const errors: string[] = [];
  const visit = (outlines: readonly Outline[], creator: string | undefined, path: string): void => {
    outlines.forEach((outline, index) => {
      const at = path ? `${path}.${index + 1}` : `${index + 1}`;
      const xmlUrl = outline.xmlUrl?.trim();
      if (xmlUrl === undefined) return visit(outline.outlines ?? [], outline.text?.trim() || creator, at);
      const creatorName = creator ?? label(outline);
      if (!isHttpUrl(xmlUrl)) errors.push(`outline ${at}: xmlUrl "${xmlUrl}" is not an http(s) URL`);
      else if (!creatorName) errors.push(`outline ${at}: no creator name (neither a parent outline nor its own text)`);
      else feeds.push({ creatorName, xmlUrl, title: label(outline) ?? null });
    });
  };
  visit(parsed.body?.outlines ?? [], undefined, '');
  return errors.length > 0 ? { status: 'invalid', errors } : { status: 'ok', feeds };
}

/** Writes an OPML 2.0 subscription list: one folder outline per creator, one `rss` outline per feed. */
export function generateSourcesOpml(
  creators: readonly OpmlCreator[],
  head: { title: string; dateCreated: Date },
): string {
  return generateOpml({
    head: { title: head.title, dateCreated: head.dateCreated },
    body: {
      outlines: creators
        .filter((creator) => creator.feeds.length > 0)
        .map((creator) => ({
          text: creator.name,
          outlines: creator.feeds.map((feed) => ({
            text: feed.title,
            title: feed.title,
            type: 'rss',
            xmlUrl: feed.xmlUrl,
          })),
        })),
    },
  });
}

/**
 * Files each creator's sources under them, with the URL each is fetched from (`feedUrlOf`, e.g. the platform
 * watcher's `feedUrl`). Sources it gives no URL for (platforms without a feed) are left out, and so are creators
 * left with no feed.
 */
export function opmlCreators(
  creators: readonly Pick<Creator, 'id' | 'name'>[],
  sources: readonly Pick<Source, 'creatorId' | 'platform' | 'locator' | 'youtubeKind'>[],
  feedUrlOf: (source: Pick<Source, 'platform' | 'locator' | 'youtubeKind'>) => URL | undefined,
): OpmlCreator[] {
  return creators
    .map((creator) => ({
      name: creator.name,
      feeds: sources
        .filter((source) => source.creatorId === creator.id)
        .flatMap((source) => {
          const url = feedUrlOf(source);
          return url ? [{ xmlUrl: url.href, title: `${source.platform}: ${source.locator}` }] : [];
        }),
    }))
    .filter((creator) => creator.feeds.length > 0);
}
