import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/**
 * Analytics over the agents' work. Keys are grouped by the part of analytics that owns them; each group's keys share
 * a prefix (`interaction…` for the interaction log).
 */
export class AnalyticsConfig {
  // The interaction log: every agent task's outcome, appended in batches, kept for a retention period.

  /** Interactions whose end (`at`) is older than this many days are deleted by the retention job. Default 90. */
  @IsInt() @Min(1) @Max(36_500) interactionRetentionDays = 90;
  /** How often the retention job runs (one instance per period in scale-out), in ms. Default 3600000 (1 h). */
  @IsInt() @Min(1_000) @Max(86_400_000) interactionRetentionEveryMs = 3_600_000;
  /** Interactions written by one multi-row INSERT at most. Default 1000. */
  @IsInt() @Min(1) @Max(4_000) interactionBatchSize = 1_000;
  /** An interaction waits at most this long for others to join its batch (ms; 0: the next turn of the event loop). Default 0. */
  @IsInt() @Min(0) @Max(10_000) interactionLingerMs = 0;
  /**
   * Interactions waiting to be written at most; past it new ones are dropped (counted and logged), so a database
   * outage never grows the process's memory without bound. Default 100000.
   */
  @IsInt() @Min(1) @Max(10_000_000) interactionMaxPending = 100_000;
}

export const analyticsConfig = defineConfigSection({
  key: 'analytics',
  schema: AnalyticsConfig,
  env: { interactionRetentionDays: 'ANALYTICS_INTERACTION_RETENTION_DAYS' },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    analytics: AnalyticsConfig;
  }
}
