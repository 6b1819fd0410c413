import { Logger, type FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { ConfigError } from '../../core/config/config.loader';
import { lazyPort } from '../../core/lazy/lazy-port';
import { INTERACTION_LOG, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { RESILIENCE, type ResiliencePort } from '../../core/ports/resilience.port';
import { VECTOR_MEMORY, type VectorMemory } from '../../core/ports/vector-memory.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import {
  CONTENT_ANALYSIS,
  CONTENT_PIPELINE,
  CONTINUAL_MEMORY,
  GRAPH_MEMORY,
  resilientCall,
  type ContentAnalysisPort,
  type ContentPipelinePort,
  type ContinualMemoryPort,
  type GraphMemoryPort,
} from '../content';
import { llmFromConfig } from './llm/llm.provider';
import { AGENT_RUNTIME, type AgentRuntime } from './ports/agent-runtime.port';
import { LLM, type LlmPort } from './ports/llm.port';
import { SOCIAL_MONITOR, type SocialMonitorPort } from './ports/social-monitor.port';
import { STAGE_TOOLS } from './ports/stage-tools.port';
import { BudgetedLlm } from './run-support/budgeted-llm';
import { AgentRoster } from './roster/agent-roster';
import { RunAdmission } from './run-support/run-admission';
import { RunLimiter } from './run-support/run-limiter';
import { DeterministicAgentRuntime } from './runtime/deterministic-runtime';
import { LlmAgentRuntime } from './runtime/llm-runtime';
import { RecordingAgentRuntime } from './runtime/recording-runtime';
import { RunHistoryAnalytics } from './stages/s8-analytics';
import { StageToolkitFactory } from './stages/stage-toolkit';

const logger = new Logger('Content');

/** The agent runtime the config names; `llm` without a configured LLM stops the boot with the reason. */
export function agentRuntimeFromConfig(config: AppConfig, llm: LlmPort, roster?: AgentRoster): AgentRuntime {
  if (config.autointel.agentRuntime === 'deterministic') return new DeterministicAgentRuntime();
  if (!llm.enabled)
    throw new ConfigError([
      'autointel.agentRuntime is llm, but no LLM is configured: set llm.baseUrl and llm.model (LLM_BASE_URL, LLM_MODEL)',
    ]);
  return new LlmAgentRuntime(llm, { definitions: roster });
}

/** The LLM port from config, through the resilience port as `content.llm`, inside a run's request budget. */
export const llmProvider: FactoryProvider = {
  provide: LLM,
  useFactory: (config: AppConfig, moduleRef: ModuleRef): LlmPort => {
    const llm = llmFromConfig(config);
    if (!llm.enabled) return llm;
    const resilience = lazyPort<ResiliencePort>(moduleRef, RESILIENCE);
    const guarded = resilientCall(() => resilience.tryGet(), 'content.llm');
    const resilient: LlmPort = {
      enabled: true,
      defaultModel: llm.defaultModel,
      complete: (request) => guarded((signal) => llm.complete({ ...request, signal }), request.signal),
    };
    // Inside a run's request budget every call is priced, maybe sent to the cheaper model, refused or charged.
    return new BudgetedLlm(resilient, {
      cheaperModel: config.llm.cheaperModel,
      onRejected: (task) => logger.warn({ event: 'llm_budget_rejection', task }),
      onOverrun: (task, e) => logger.warn({ event: 'llm_budget_overrun', task, error: e.message }),
    });
  },
  inject: [AppConfig, ModuleRef],
};

/** The run history behind S8 (performance analytics). */
export const runHistoryProvider: FactoryProvider = {
  provide: RunHistoryAnalytics,
  useFactory: (clock: Clock) => new RunHistoryAnalytics(clock),
  inject: [CLOCK],
};

/**
 * The stage library factory over content's ports and memories. A module may provide `SOCIAL_MONITOR` to turn S5
 * on; it is looked up per run.
 */
export const stageToolsProvider: FactoryProvider = {
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
};

/** The configured runtime, recording each task it runs in the interaction log (`INTERACTION_LOG`, when provided). */
export const agentRuntimeProvider: FactoryProvider = {
  provide: AGENT_RUNTIME,
  useFactory: (
    config: AppConfig,
    llm: LlmPort,
    roster: AgentRoster,
    clock: Clock,
    moduleRef: ModuleRef,
  ): AgentRuntime => {
    const log = lazyPort<InteractionLogPort>(moduleRef, INTERACTION_LOG);
    return new RecordingAgentRuntime(agentRuntimeFromConfig(config, llm, roster), () => log.tryGet(), clock);
  },
  inject: [AppConfig, LLM, AgentRoster, CLOCK, ModuleRef],
};

/** The crew's agent definitions, one roster per application; the training module loads and updates it. */
export const agentRosterProvider: FactoryProvider = {
  provide: AgentRoster,
  useFactory: (clock: Clock) => new AgentRoster(() => clock.now()),
  inject: [CLOCK],
};

/** The run slots and deadline of every content-intelligence run of this instance (one per application). */
export const runAdmissionProvider: FactoryProvider = {
  provide: RunAdmission,
  useFactory: ({ autointel }: AppConfig) =>
    new RunAdmission(
      new RunLimiter({
        concurrency: autointel.concurrency,
        maxRunningPerTenant: autointel.maxRunningPerTenant ?? autointel.concurrency,
      }),
      autointel.runTimeoutMs,
    ),
  inject: [AppConfig],
};
