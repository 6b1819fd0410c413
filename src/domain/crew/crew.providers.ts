import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { ConfigError } from '../../core/config/config.loader';
import { lazyPort } from '../../core/lazy/lazy-port';
import { VECTOR_MEMORY, type VectorMemory } from '../../core/ports/vector-memory.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import {
  CONTENT_ANALYSIS,
  CONTENT_PIPELINE,
  type ContentAnalysisPort,
  type ContentPipelinePort,
  CONTINUAL_MEMORY,
  GRAPH_MEMORY,
  type ContinualMemoryPort,
  type GraphMemoryPort,
} from '../content/content.ports';
import { LLM, type LlmPort } from './ports/llm.port';
import { SqlContinualMemory } from '../content/memory/sql-continual-memory';
import { SqlGraphMemory } from '../content/memory/sql-graph-memory';
import { EnhancedAutonomousOrchestrator } from '../enhanced-autonomous/enhanced.orchestrator';
import { createBindingsHealthProbe, HEALTH_PROBE } from '../enhanced-autonomous/health-probe';
import { AutointelMetrics } from './run-support/autointel.metrics';
import { AutonomousIntelligenceOrchestrator } from '../autonomous-intelligence/autonomous.orchestrator';
import { AGENT_RUNTIME, type AgentRuntime } from './ports/agent-runtime.port';
import { DeterministicAgentRuntime } from './runtime/deterministic-runtime';
import { LlmAgentRuntime } from './runtime/llm-runtime';
import { RunHistoryAnalytics } from './stages/s8-analytics';
import { StageToolkitFactory } from './stages/stage-toolkit';
import { STAGE_TOOLS } from './ports/stage-tools.port';
import { SOCIAL_MONITOR, type SocialMonitorPort } from './ports/social-monitor.port';

/** The agent runtime the config names; `llm` without a configured LLM stops the boot with the reason. */
export function agentRuntimeFromConfig(config: AppConfig, llm: LlmPort): AgentRuntime {
  if (config.autointel.agentRuntime === 'deterministic') return new DeterministicAgentRuntime();
  if (!llm.enabled)
    throw new ConfigError([
      'autointel.agentRuntime is llm, but no LLM is configured: set llm.baseUrl and llm.model (LLM_BASE_URL, LLM_MODEL)',
    ]);
  return new LlmAgentRuntime(llm);
}

/**
 * Providers of `autonomous_intelligence` and `enhanced_autonomous`: the graph and continual memories (SQL), the
 * run history for S8, the stage library factory, the agent runtime, the health probe and the two orchestrators. A
 * module may provide `SOCIAL_MONITOR` to turn S5 on; it is looked up per run.
 */
export const AUTONOMOUS_PROVIDERS: Provider[] = [
  AutointelMetrics,
  SqlGraphMemory,
  SqlContinualMemory,
  { provide: GRAPH_MEMORY, useExisting: SqlGraphMemory },
  { provide: CONTINUAL_MEMORY, useExisting: SqlContinualMemory },
  { provide: RunHistoryAnalytics, useFactory: (clock: Clock) => new RunHistoryAnalytics(clock), inject: [CLOCK] },
  {
    provide: STAGE_TOOLS,
    useFactory: (
      pipeline: ContentPipelinePort,
      analysis: ContentAnalysisPort,
      vector: VectorMemory,
      graph: GraphMemoryPort,
      continual: ContinualMemoryPort,
      analytics: RunHistoryAnalytics,
      llm: LlmPort,
      clock: Clock,
      config: AppConfig,
      moduleRef: ModuleRef,
    ) => {
      const social = lazyPort<SocialMonitorPort>(moduleRef, SOCIAL_MONITOR);
      return new StageToolkitFactory(
        {
          pipeline,
          analysis,
          vector,
          graph,
          continual,
          analytics,
          llm,
          clock,
          summarySentences: config.content.summarySentences,
        },
        () => social.tryGet(),
      );
    },
    inject: [
      CONTENT_PIPELINE,
      CONTENT_ANALYSIS,
      VECTOR_MEMORY,
      GRAPH_MEMORY,
      CONTINUAL_MEMORY,
      RunHistoryAnalytics,
      LLM,
      CLOCK,
      AppConfig,
      ModuleRef,
    ],
  },
  { provide: AGENT_RUNTIME, useFactory: agentRuntimeFromConfig, inject: [AppConfig, LLM] },
  AutonomousIntelligenceOrchestrator,
  {
    provide: HEALTH_PROBE,
    useFactory: (config: AppConfig, agentRuntime: AgentRuntime, pipeline: ContentPipelinePort, llm: LlmPort) =>
      createBindingsHealthProbe({ config, agentRuntime, pipeline, llm }),
    inject: [AppConfig, AGENT_RUNTIME, CONTENT_PIPELINE, LLM],
  },
  EnhancedAutonomousOrchestrator,
];
