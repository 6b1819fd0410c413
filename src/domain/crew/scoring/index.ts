/** Scoring formulas of the autonomous-intelligence stage library, and S6's trust verdict. Pure functions. */
export { clamp01, score3, mean, isNonEmpty, countOf } from './score-math';
export * from './content-quality';
export * from './balance';
export * from './ai-quality';
export * from './quality-advice';
export * from './confidence-interval';
export * from './threat';
export * from './deception';
export * from './insights';
export * from './briefing';
export * from './trust-verdict';
export * from './response-quality';
