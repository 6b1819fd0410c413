import { extractClaims } from './claims';
import { extractNamedEntities } from './entities';
import { detectFallacies } from './fallacies';
import { parseText } from './nlp';
import { analyzeSentiment } from './sentiment';
import { summarize } from './summary';
import { analyzeText } from './text-analysis';

// Varied enough to reach every code path: figures, dates, names, cues, sentiment both ways.
const SAMPLE =
  'The Riverside Library reopened on March 3, 2024, after a renovation that cost $4.2 million. Visitors loved the ' +
  'bright new reading rooms, but some complained that the café was far too expensive. Everyone knows the old ' +
  'building was the best in town, and we have always done it this way. Attendance doubled in the first month ' +
  'because the library added free coding classes for 300 children. Is the new layout better than the old one?';

/**
 * Loads the English model (about 80 ms) and compromise's lexicon and runs every analysis once on a short sample, so the first request does
 * not pay for loading and compiling. Call it at application start; calling it again is harmless. The first large
 * text still runs slower than later ones (about 200 ms against 45 ms for 10 000 words) while the engine optimises.
 */
export function warmUpAnalysis(): void {
  const parsed = parseText(SAMPLE);
  analyzeText(parsed);
  analyzeSentiment(parsed);
  extractClaims(parsed);
  detectFallacies(parsed);
  summarize(parsed);
  extractNamedEntities(parsed);
}
