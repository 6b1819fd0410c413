import type { ParsedText } from '../analysis/analysis.types';
import { extractClaims } from '../analysis/claims';
import { extractNamedEntities, type EntityKind, type NamedEntity } from '../analysis/entities';
import { detectFallacies } from '../analysis/fallacies';
import { cachedParse } from '../analysis/parse-cache';
import { analyzeSentiment } from '../analysis/sentiment';
import { summarize } from '../analysis/summary';
import { analyzeText } from '../analysis/text-analysis';
import type { Depth } from '../content.ports';
import type { AcquiredContent } from '../content.types';
import type { About, ContentDigest, DigestEntity } from './digest.types';
import { keyPoints } from './key-points';
import { outline } from './outline';
import { findQuotes } from './quotes';
import { entityRelations } from './relations';
import { toneOf } from './tone';

/** Claims listed at each depth: deeper runs research more of them. */
export const CLAIMS_BY_DEPTH: Readonly<Record<Depth, number>> = {
  standard: 5,
  deep: 8,
  comprehensive: 12,
  experimental: 12,
};

/** A document at least this long gets a section outline at comprehensive depth. */
export const OUTLINE_MIN_WORDS = 1200;

/** A sentence as shown: line breaks and runs of spaces inside it become one space. */
export const oneLine = (text: string): string => text.replace(/\s+/gu, ' ').trim();

/** Share of word tokens that are English stop words above which a text reads as English (English prose: 0.4–0.5). */
const ENGLISH_STOP_SHARE = 0.25;

/**
 * Everything the report says about the content itself, from the acquired text and its metadata. Deeper depths
 * add (entity relations from deep, a section outline for long documents from comprehensive, more claims) and
 * never drop anything. The text is parsed once, shared with the run's other analyses through the parse cache.
 */
export function digestContent(content: AcquiredContent, depth: Depth): ContentDigest {
  const { download, transcription } = content;
  const parsed = cachedParse(transcription.transcript);
  const text = analyzeText(parsed);
  const summary = summarize(parsed);
  const entities = perKind(extractNamedEntities(parsed, { max: Number.POSITIVE_INFINITY }));
  const topics = text.keywords.slice(0, 8).map((k) => k.term);
  const deep = depth !== 'standard';
  const long = text.words >= OUTLINE_MIN_WORDS && (depth === 'comprehensive' || depth === 'experimental');
  const about: About = {
    title: download.title,
    source: download.url,
    site: download.site,
    author: download.author,
    publishedAt: download.publishedAt,
    platform: download.platform,
    contentType: download.contentType,
    language: readsAsEnglish(parsed) ? 'en' : null,
    words: text.words,
    readingMinutes: text.readingMinutes,
    durationS: download.duration,
    textOrigin: transcription.origin,
  };
  return {
    about,
    summary: {
      sentences: summary.sentenceIndexes.map((i) => oneLine(parsed.sentences[i].text)),
      method: 'textrank',
      outline: long ? outline(parsed).map((o) => ({ heading: oneLine(o.heading), point: oneLine(o.point) })) : [],
    },
    keyPoints: keyPoints(parsed, summary.sentenceIndexes, topics).map(oneLine),
    topics,
    entities,
    relations: deep ? entityRelations(parsed, entities) : [],
    claims: extractClaims(parsed, { max: CLAIMS_BY_DEPTH[depth] }).map((c) => ({
      text: oneLine(c.text),
      score: c.score,
      reasons: c.reasons,
    })),
    fallacies: detectFallacies(parsed).map((f) => ({
      label: f.label,
      passage: oneLine(f.sentence),
      cue: f.span.text,
      explanation: f.explanation,
    })),
    tone: toneOf(parsed, analyzeSentiment(parsed), oneLine),
    quotes: findQuotes(parsed, entities).map((q) => ({ ...q, text: oneLine(q.text) })),
  };
}

/**
 * Entities listed per kind at most: a list of people, organisations and places long enough for a long article's
 * cast, and fewer dates and figures, which matter less one by one. Most mentioned first within a kind.
 */
export const ENTITIES_PER_KIND: Readonly<Record<EntityKind, number>> = {
  person: 15,
  organisation: 12,
  place: 12,
  other: 10,
  date: 8,
  number: 8,
};

function perKind(entities: readonly NamedEntity[]): DigestEntity[] {
  const taken = new Map<EntityKind, number>();
  return entities.flatMap(({ text, type, count }) => {
    const n = taken.get(type) ?? 0;
    if (n >= ENTITIES_PER_KIND[type]) return [];
    taken.set(type, n + 1);
    return [{ text, type, count }];
  });
}

function readsAsEnglish(parsed: ParsedText): boolean {
  let words = 0;
  let stop = 0;
  for (const s of parsed.sentences)
    for (const t of s.tokens) {
      if (t.type !== 'word') continue;
      words += 1;
      if (t.stopWord) stop += 1;
    }
  return words > 0 && stop / words >= ENGLISH_STOP_SHARE;
}
