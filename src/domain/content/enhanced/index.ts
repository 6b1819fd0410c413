/** The `enhanced_autonomous` orchestrator: the orchestrator, its health probe and its message texts. */
export {
  EnhancedAutonomousOrchestrator,
  qualityFor,
  type EnhancedInput,
  type EnhancedPath,
  type EnhancedResult,
} from './enhanced.orchestrator';
export {
  BindingsHealthProbe,
  CAPABILITY_IDS,
  HEALTH_PROBE,
  HEALTHY_MIN_CAPABILITIES,
  createBindingsHealthProbe,
  type CapabilityFact,
  type CapabilityId,
  type HealthFacts,
  type HealthProbeBindings,
  type HealthProbePort,
  type HealthReport,
} from './health-probe';
export * from './enhanced-report';
