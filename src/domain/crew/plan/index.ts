export { canonicalDepth, depthAtLeast, effectiveDepth, parseDepth, parseFlag, type EffectiveDepth } from './depth';
export {
  anyParallelFlag,
  parallelConfig,
  type ExplicitParallelSettings,
  type HostResources,
  type ParallelConfig,
  type ParallelConfigResult,
  type ParallelOverrides,
} from './parallel-config';
export {
  AGENT_IDS,
  TASK_IDS,
  buildCrewPlan,
  plannedTask,
  parallelEstimate,
  processType,
  savingsLabel,
  type AgentId,
  type CrewMode,
  type CrewPlan,
  type OutputContract,
  type ParallelEstimate,
  type PlannedTask,
  type ProcessType,
  type SavingsLabel,
  type TaskId,
} from './crew-plan';
export {
  CAPABILITIES,
  PLANNED_STAGES,
  STAGE_PRIORITIES,
  estimateDuration,
  plannedStages,
  type Capability,
  type DurationEstimate,
  type PlannedStage,
  type StagePriority,
} from './planning';
