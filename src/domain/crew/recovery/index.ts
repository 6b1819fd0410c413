/** Recovery engine, severity plans and the keyword-overlap semantic router. No I/O. */
export * from './severity';
export * from './fallback-tools';
export * from './recovery-plan';
export * from './recovery-engine';
export * from './recovery-metrics';
export * from './stage-recovery';
export * from './semantic-router';
