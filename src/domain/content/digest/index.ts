export * from './digest.types';
export { CLAIMS_BY_DEPTH, digestContent, OUTLINE_MIN_WORDS } from './digest';
