/** Routes of the semantic router (ids as the original names them), each with four example utterances (ours). */
export const ROUTES = {
  social_media_monitoring: [
    'monitor social media reactions to this post',
    'track what people say on twitter reddit and tiktok',
    'keep an eye on the trending discussion about this creator',
    'follow mentions and hashtags across social platforms',
  ],
  content_acquisition: [
    'download this youtube video',
    'fetch the media file from this link',
    'grab the stream recording from twitch',
    'save a copy of this clip for analysis',
  ],
  transcription: [
    'transcribe the audio of this podcast',
    'write out the speech in this recording',
    'get the subtitles and captions for this episode',
    'convert the spoken words to text with timestamps',
  ],
  analysis: [
    'analyse the themes and sentiment of this content',
    'what are the main topics and arguments here',
    'break down the rhetoric and tone of this speech',
    'summarise the key points and keywords',
  ],
  verification: [
    'fact check the claims made in this video',
    'verify whether these statements are true',
    'find evidence for or against this claim',
    'is this story misleading or accurate',
  ],
} as const;
export type Route = keyof typeof ROUTES;

/** Words too common (or too URL-ish) to say anything about a route. */
const STOP_WORDS = new Set([
  'the',
  'this',
  'that',
  'and',
  'for',
  'with',
  'are',
  'what',
  'here',
  'from',
  'http',
  'https',
  'www',
  'com',
  'org',
  'net',
  'html',
]);

/** Lower-cased words of 3+ letters, minus stop words; `youtu.be/x` → `youtu`, so hosts are split into words too. */
export function routeTokens(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((t) => !STOP_WORDS.has(t)));
}

const VOCABULARY: ReadonlyArray<readonly [Route, ReadonlySet<string>]> = (Object.keys(ROUTES) as Route[]).map(
  (route) => [route, routeTokens(ROUTES[route].join(' '))],
);

/** A route chosen for a request, with the shared words that chose it. */
export interface RouteMatch {
  readonly route: Route;
  /** Distinct request words found in the route's utterances. */
  readonly score: number;
  readonly matched: readonly string[];
}

export interface RouterOptions {
  /** Off by default, like the original's `semanticRouter` flag: a disabled router never routes. */
  readonly enabled?: boolean;
  /** Fewest shared words for a match; default 1. */
  readonly minOverlap?: number;
}

/**
 * Keyword-overlap stand-in for the original's semantic router, off by default: the route
 * whose utterances share the most distinct words (3+ letters, stop words removed) with the request; ties go to
 * the earlier route in {@link ROUTES}; fewer than `minOverlap` shared words, or the router disabled → null.
 */
export function routeRequest(text: string, options: RouterOptions = {}): RouteMatch | null {
  if (!options.enabled) return null;
  const tokens = routeTokens(text);
  let best: RouteMatch | null = null;
  for (const [route, vocabulary] of VOCABULARY) {
    const matched = [...tokens].filter((t) => vocabulary.has(t)).sort();
    if (matched.length > (best?.score ?? 0)) best = { route, score: matched.length, matched };
  }
  return best && best.score >= Math.max(1, options.minOverlap ?? 1) ? best : null;
}
