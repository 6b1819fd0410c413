export * from './component-stats';
export * from './threshold-stats';
export * from './prompt-ab';
export * from './rag-quality';
