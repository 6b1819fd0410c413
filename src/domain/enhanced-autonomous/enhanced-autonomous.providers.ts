import type { FactoryProvider } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { CONTENT_PIPELINE, type ContentPipelinePort } from '../content';
import { AGENT_RUNTIME, LLM, type AgentRuntime, type LlmPort } from '../crew';
import { createBindingsHealthProbe, HEALTH_PROBE } from './health-probe';

/** The health probe over what the application bound and configured, probed once at boot. */
export const healthProbeProvider: FactoryProvider = {
  provide: HEALTH_PROBE,
  useFactory: (config: AppConfig, agentRuntime: AgentRuntime, pipeline: ContentPipelinePort, llm: LlmPort) =>
    createBindingsHealthProbe({ config, agentRuntime, pipeline, llm }),
  inject: [AppConfig, AGENT_RUNTIME, CONTENT_PIPELINE, LLM],
};
