/** Recovery engine, severity plans and the keyword-overlap semantic router (spec 10 §2.12). No I/O. */
export * from './severity';
export * from './fallback-tools';
export * from './recovery-plan';
export * from './recovery-engine';
export * from './recovery-metrics';
export * from './stage-recovery';
export * from './semantic-router';
