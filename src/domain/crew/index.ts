/**
 * The crew engine's public surface: what orchestrators and the autointel job may import. Everything else under
 * `crew/` is internal to the engine and may change without notice.
 */

export { CrewModule } from './crew.module';

// Ports: what the engine needs from the application, one per file.
export * from './ports/agent-runtime.port';
export * from './ports/llm.port';
export * from './ports/performance-analytics.port';
export * from './ports/progress.port';
export * from './ports/social-monitor.port';
export * from './ports/stage-tools.port';

// Plans, agent output, recovery, run support (budget, costs, ids, metrics), scoring and synthesis.
export * from './plan';
export { autointelParallelConfig, thisHost } from './plan/parallel-from-config';
export * from './output';
export * from './recovery';
export * from './run-support';
export { AutointelMetrics, type WorkflowLabels } from './run-support/autointel.metrics';
export { BudgetedLlm } from './run-support/budgeted-llm';
export * from './scoring';
export * from './synthesis';

// The agent definitions (roster, file format) the LLM runtime reads.
export * from './roster/agent-definition';
export { parseAgentsYaml, type AgentsYamlResult } from './roster/agents-yaml';
export { AgentRoster, KEPT_VERSIONS } from './roster/agent-roster';

// The agent runtimes and the stage library.
export { DeterministicAgentRuntime } from './runtime/deterministic-runtime';
export { LlmAgentRuntime, systemPrompt } from './runtime/llm-runtime';
export { RecordingAgentRuntime, crewInteraction } from './runtime/recording-runtime';
export * from './stages/stage.types';
export type {
  AcquisitionData,
  DeceptionData,
  FactAnalysisData,
  FactItem,
  TranscriptionData,
} from './stages/stage-data';
export { runStage } from './stages/stage-tools';
export { StageToolkitFactory } from './stages/stage-toolkit';
export { RunHistoryAnalytics } from './stages/s8-analytics';
export { experimentalStages } from './stages/experimental';

// The contract of hierarchy task handlers: a module adds a task type by providing one.
export * from './tasks/task-handler';

// Adapters of the LLM and progress ports.
export { llmFromConfig } from './llm/llm.provider';
export { OpenAiCompatibleLlm } from './llm/openai-compatible-llm';
export { CliProgressBar } from './progress/cli-progress';
export { DiscordWebhookProgress } from './progress/discord-webhook-progress';
export { RecordingProgress } from './progress/recording-progress';
