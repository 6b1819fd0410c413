/** What a page states about itself. */
export interface PageMetadata {
  readonly title: string | null;
  /** Site name from og:site_name, JSON-LD publisher or WebSite, or application-name; the caller may fall back to the host. */
  readonly site: string | null;
  readonly author: string | null;
  /** ISO 8601 in UTC, only when the page states the date in ISO form. */
  readonly publishedAt: string | null;
  /** The `<html lang>` attribute, or null. */
  readonly language: string | null;
}

/** The raw places a page states its metadata, as gathered in one walk of its tree. */
export interface MetadataSources {
  /** `<meta>` content by lowercased `property` or `name`, the first of each. */
  readonly metas: ReadonlyMap<string, string>;
  /** The bodies of `<script type="application/ld+json">`. */
  readonly jsonLd: readonly string[];
  /** Texts of the first `<title>`, `<h1>` and `<a rel="author">`. */
  readonly title: string | null;
  readonly h1: string | null;
  readonly relAuthor: string | null;
  /** `datetime` of the first `<time datetime>`. */
  readonly time: string | null;
  readonly lang: string | null;
}

type Json = Record<string, unknown>;

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.replace(/\s+/g, ' ').trim() : null;
const personName = (v: unknown): string | null => {
  if (Array.isArray(v))
    return (
      v
        .map(personName)
        .filter((n) => n !== null)
        .join(', ') || null
    );
  return v !== null && typeof v === 'object' ? str((v as Json).name) : str(v);
};
const hasType = (o: Json, re: RegExp): boolean => [o['@type']].flat().some((t) => typeof t === 'string' && re.test(t));

/** Only ISO-shaped dates: `Date.parse` on free text ("5 March") depends on the machine's time zone. */
function toIso(value: string | null | undefined): string | null {
  const match = ISO_DATE.exec(value?.trim() ?? '');
  if (!match) return null;
  const [, date, time, zone] = match;
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(time ? `${date}T${time}${offset}` : `${date}T00:00:00Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Objects of every JSON-LD block, `@graph` members included; malformed blocks (common in the wild) are skipped. */
function jsonLdObjects(blocks: readonly string[]): Json[] {
  const found: Json[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      found.push(v as Json);
      visit((v as Json)['@graph']);
    }
  };
  for (const block of blocks) {
    try {
      visit(JSON.parse(block));
    } catch {
      continue;
    }
  }
  return found;
}

/**
 * Picks each field from the most reliable source that states it: title from og:title, JSON-LD headline,
 * twitter:title, `<title>`, then `<h1>`; author from JSON-LD, `<meta name=author>`, article:author (unless a URL),
 * then a rel=author link; date from article:published_time, JSON-LD datePublished, `<meta name=date>`, then `<time>`.
 */
export function resolveMetadata(sources: MetadataSources): PageMetadata {
  const meta = (key: string): string | null => str(sources.metas.get(key));
  const ld = jsonLdObjects(sources.jsonLd);
  const article = ld.find((o) => hasType(o, /Article|Posting|Report/));
  const website = ld.find((o) => hasType(o, /^(WebSite|Organization|NewsMediaOrganization)$/));
  const articleAuthor = meta('article:author');
  return {
    title: meta('og:title') ?? str(article?.headline) ?? meta('twitter:title') ?? str(sources.title) ?? str(sources.h1),
    site: meta('og:site_name') ?? personName(article?.publisher) ?? personName(website) ?? meta('application-name'),
    author:
      personName(article?.author) ??
      meta('author') ??
      (articleAuthor && !/^https?:/i.test(articleAuthor) ? articleAuthor : null) ??
      str(sources.relAuthor),
    publishedAt:
      toIso(meta('article:published_time')) ??
      toIso(str(article?.datePublished)) ??
      toIso(meta('date')) ??
      toIso(sources.time),
    language: str(sources.lang),
  };
}
