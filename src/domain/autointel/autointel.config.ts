import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';
import { RUN_MODES, type RunMode } from './autointel.types';

/** The `/autointel` job. */
export class AutointelConfig {
  /**
   * Runs at once per instance, of every kind: queued `/autointel` runs and runs of the three content-intelligence
   * orchestrators through the generic orchestrate route, GraphQL or the CLI. Default 4.
   */
  @IsInt() @Min(1) @Max(256) concurrency = 4;
  /** Runs of one tenant at once per instance; unset: `concurrency` (no cap of its own). */
  @IsOptional() @IsInt() @Min(1) @Max(256) maxRunningPerTenant?: number;
  /** Every run (queued or not) is stopped after this long. Default 300000. */
  @IsInt() @Min(1000) @Max(3_600_000) runTimeoutMs = 300_000;
  /** `POST /autointel` answers 503 while this many accepted runs wait to start (every instance). Default 1000. */
  @IsInt() @Min(1) @Max(1_000_000) maxQueued = 1000;
  /** The `Retry-After` (seconds) of that 503. Default 30. */
  @IsInt() @Min(1) @Max(3600) queueFullRetryAfterS = 30;
  /** A run started this many times without finishing (restarts) is failed instead of started again. Default 3. */
  @IsInt() @Min(1) @Max(100) maxStarts = 3;
  /** Finished runs are kept this long. Default 604800000 (7 days). */
  @IsInt() @Min(60_000) @Max(31_536_000_000) retentionMs = 604_800_000;
  /** `?wait=true` answers 202 with the run's state after this long if it has not finished. Default 120000. */
  @IsInt() @Min(100) @Max(600_000) waitTimeoutMs = 120_000;
  /** The orchestrator of a run whose request names no `mode`. Default `autonomous`. */
  @IsIn(RUN_MODES) defaultMode: RunMode = 'autonomous';
  /** Allow the `experimental` depth; when off it runs as `comprehensive` with a notice. Default false. */
  @IsBoolean() experimentalDepth = false;
  /** Who executes the crew's tasks: the offline `deterministic` runtime over the content ports, or the `llm` (needs llm.*). */
  @IsIn(['deterministic', 'llm']) agentRuntime: 'deterministic' | 'llm' = 'deterministic';
  /** Route the URL with the keyword router before building the crew. Default false. */
  @IsBoolean() semanticRouter = false;
  /** Run the analysis as separate parallel tasks instead of one; unset: on, except on a host with one CPU. */
  @IsOptional() @IsBoolean() parallelAnalysis?: boolean;
  /** Run fact-checking as parallel tasks; unset: on, except on a host with one CPU. */
  @IsOptional() @IsBoolean() parallelFactChecking?: boolean;
  /** Run memory operations as parallel tasks; unset: on, except on a host with less than 8 GB of RAM. */
  @IsOptional() @IsBoolean() parallelMemoryOps?: boolean;
  /**
   * Tasks at once in hierarchical plans; unset: min(CPUs, 6). The host caps it: 2 below 4 CPUs or 4 GB of RAM, 4
   * below 8 GB, 1 with a single CPU.
   */
  @IsOptional() @IsInt() @Min(1) @Max(64) maxConcurrentTasks?: number;
  /** Plans with fewer tasks run sequentially. Default 3. */
  @IsInt() @Min(1) @Max(64) parallelThreshold = 3;
  /** The `enhanced` mode's cap on its crew path before it falls back to the pipeline. Default 1800000. */
  @IsInt() @Min(1000) @Max(7_200_000) enhancedCrewTimeoutMs = 1_800_000;
}

export const autointelConfig = defineConfigSection({
  key: 'autointel',
  schema: AutointelConfig,
  env: {
    concurrency: 'AUTOINTEL_CONCURRENCY',
    defaultMode: 'AUTOINTEL_DEFAULT_MODE',
    agentRuntime: 'AUTOINTEL_AGENT_RUNTIME',
    experimentalDepth: 'ENABLE_EXPERIMENTAL_DEPTH',
    semanticRouter: 'ENABLE_SEMANTIC_ROUTER',
    parallelAnalysis: 'ENABLE_PARALLEL_ANALYSIS',
    parallelFactChecking: 'ENABLE_PARALLEL_FACT_CHECKING',
    parallelMemoryOps: 'ENABLE_PARALLEL_MEMORY_OPS',
    maxConcurrentTasks: 'MAX_CONCURRENT_TASKS',
    parallelThreshold: 'PARALLEL_EXECUTION_THRESHOLD',
  },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    autointel: AutointelConfig;
  }
}
