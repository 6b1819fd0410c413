import { Module } from '@nestjs/common';
import { ContentModule } from '../content';
import {
  agentRosterProvider,
  agentRuntimeProvider,
  llmProvider,
  runAdmissionProvider,
  runHistoryProvider,
  stageToolsProvider,
} from './crew.providers';
import { AGENT_RUNTIME } from './ports/agent-runtime.port';
import { LLM } from './ports/llm.port';
import { STAGE_TOOLS } from './ports/stage-tools.port';
import { AutointelMetrics } from './run-support/autointel.metrics';
import { AgentRoster } from './roster/agent-roster';
import { RunAdmission } from './run-support/run-admission';
import { RunHistoryAnalytics } from './stages/s8-analytics';

/**
 * The crew engine: the LLM port, the agent runtime the config names, the stage library over content's ports, the
 * run history for S8, the autonomous runs' metrics and the run admission (slots and deadline) every
 * content-intelligence run shares, and the roster of agent definitions the LLM runtime reads. Orchestrators import this module and use the engine through `crew/index.ts`.
 */
@Module({
  imports: [ContentModule],
  providers: [
    llmProvider,
    AutointelMetrics,
    runHistoryProvider,
    stageToolsProvider,
    agentRosterProvider,
    agentRuntimeProvider,
    runAdmissionProvider,
  ],
  exports: [LLM, AutointelMetrics, RunHistoryAnalytics, STAGE_TOOLS, AGENT_RUNTIME, RunAdmission, AgentRoster],
})
export class CrewModule {}
