/**
 * Offline text analysis of content: parsing, keywords, named entities, sentiment, claims, fallacies and extractive
 * summaries.
 */
export * from './analysis.types';
export { parseText } from './nlp';
export { cachedParse, PARSES_KEPT } from './parse-cache';
export { analyzeText } from './text-analysis';
export { extractKeywords, type KeywordOptions } from './keywords';
export { analyzeSentiment } from './sentiment';
export { extractClaims, CLAIM_WEIGHTS, type ClaimOptions } from './claims';
export { detectFallacies } from './fallacies';
export { FALLACY_PATTERNS, type FallacyPattern } from './fallacy-patterns';
export { summarize, summaryLength, type SummaryOptions } from './summary';
export { extractNamedEntities, ENTITY_KINDS, type EntityKind, type EntityOptions, type NamedEntity } from './entities';
export { warmUpAnalysis } from './warm-up';
