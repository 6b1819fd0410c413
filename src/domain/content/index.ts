/**
 * Content intelligence's public surface: its ports and vocabulary, which the crew engine and the orchestrators
 * use, the few pure helpers the engine shares with the analyses, the domain's resilient-call helper and the module.
 * Everything else under `content/` is internal.
 */
export * from './content.ports';
export * from './content.types';
export * from './analysis/analysis.types';
export * from './fact-check/fact-check.types';
export { roundTo } from './analysis/rounding';
export { cachedParse } from './analysis/parse-cache';
export { detectPlatform } from './acquisition/platform';
export { YtDlpSource } from './acquisition/ytdlp-source';
export { resilientCall } from './resilient-call';
export { ContentModule } from './content.module';
export * from './digest';
export { ENTITY_KINDS, type EntityKind } from './analysis/entities';
export { runUrlProblem } from './acquisition/run-url';
