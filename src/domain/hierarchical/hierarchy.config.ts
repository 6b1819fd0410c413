import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/** Hierarchical sessions: their defaults and limits, the agent registry's liveness, the monitor job. */
export class HierarchyConfig {
  /** Tasks of one phase run at most this many at once, unless a session asks for fewer. Default 4. */
  @IsInt() @Min(1) @Max(64) maxParallel = 4;
  /** Retries of a failed task after its first attempt, unless a session asks for fewer. Default 3. */
  @IsInt() @Min(0) @Max(10) maxRetries = 3;
  /** Wait before a task's first retry, doubled for each next one (ms). Default 5000. */
  @IsInt() @Min(0) @Max(600_000) retryDelayMs = 5_000;
  /** An attempt still running after this fails as `timeout` (ms). Default 300000. */
  @IsInt() @Min(100) @Max(3_600_000) taskTimeoutMs = 300_000;
  /**
   * A session stops after this many attempts and delegations in all (its step limit). Default 10000: room for
   * retries in a session of `maxObjectives` tasks.
   */
  @IsInt() @Min(1) @Max(1_000_000) maxSteps = 10_000;
  /** A session stops after running this long (its wall-clock limit, ms). Default 3600000. */
  @IsInt() @Min(1_000) @Max(86_400_000) maxSessionMs = 3_600_000;
  /** The same delegation (from, to, input) seen this many times in a session is a loop: the task is stuck. Default 3. */
  @IsInt() @Min(2) @Max(100) delegationRepeatLimit = 3;
  /** An agent whose last heartbeat is older than this is stale and gets no new task (ms). Default 60000. */
  @IsInt() @Min(1_000) @Max(86_400_000) staleAgentMs = 60_000;
  /** A running task without progress for this long is stuck (ms). Default 300000. */
  @IsInt() @Min(1_000) @Max(86_400_000) stuckTaskMs = 300_000;
  /** How often the monitor job looks for stale agents and stuck tasks (ms). Default 15000. */
  @IsInt() @Min(100) @Max(3_600_000) monitorEveryMs = 15_000;
  /** Attempts this instance runs at once for sessions of any instance (Redis mode). Default 4. */
  @IsInt() @Min(1) @Max(256) workerConcurrency = 4;
  /** How often a coordinator re-reads an attempt another instance runs, besides its pub/sub signal (ms). Default 500. */
  @IsInt() @Min(10) @Max(60_000) pollMs = 500;
  /** Objectives in one session at most. Default 1000. */
  @IsInt() @Min(1) @Max(100_000) maxObjectives = 1_000;
  /** Finished sessions are kept this long (ms). Default 604800000 (7 days). */
  @IsInt() @Min(60_000) @Max(31_536_000_000) retentionMs = 604_800_000;
}

export const hierarchyConfig = defineConfigSection({ key: 'hierarchy', schema: HierarchyConfig });

declare module '../../core/config/app-config' {
  interface AppConfig {
    hierarchy: HierarchyConfig;
  }
}
