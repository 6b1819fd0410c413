/** Result synthesis of the autonomous-intelligence stage library: basic, specialised, multi-modal, fallback. Pure. */
export * from './synthesis.types';
export * from './basic.synthesis';
export * from './specialised.synthesis';
export * from './stage-assessment';
export * from './multi-modal.synthesis';
export * from './fallback.synthesis';
