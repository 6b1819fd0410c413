import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/** The unified feedback hub (application); every duration in ms. */
export class FeedbackConfig {
  /** Signals kept per component-type queue; beyond it the oldest is dropped (Redis mode: the newest is refused). Default 10000. */
  @IsInt() @Min(1) @Max(10_000_000) queueCapacity = 10_000;
  /** Period of the drain job. Default 1000 (env `FEEDBACK_DRAIN_MS`). */
  @IsInt() @Min(1) @Max(3_600_000) drainEveryMs = 1000;
  /** Signals popped per type per drain tick. Default 100 (env `FEEDBACK_BATCH_SIZE`). */
  @IsInt() @Min(1) @Max(1_000_000) batchSize = 100;
  /** Period of the component health check (auto-disable, re-enable). Default 300000. */
  @IsInt() @Min(1) @Max(86_400_000) healthCheckEveryMs = 300_000;
  /** Period of the memory-consolidation check. Default 3600000. */
  @IsInt() @Min(1) @Max(86_400_000) consolidationEveryMs = 3_600_000;
  /** A component is disabled when its health falls below this with at least `minSamplesToDisable` samples. Default 0.3. */
  @IsNumber() @Min(0) @Max(1) disableBelow = 0.3;
  /** Rewards a component needs before `disableBelow` can disable it. Default 11. */
  @IsInt() @Min(1) @Max(100) minSamplesToDisable = 11;
  /** A disabled component comes back when its shadow health exceeds this over `reenableSamples` new samples. Default 0.5. */
  @IsNumber() @Min(0) @Max(1) reenableAbove = 0.5;
  /** Rewards the shadow health of a disabled component is measured over (see `reenableAbove`). Default 20. */
  @IsInt() @Min(1) @Max(100) reenableSamples = 20;
  /** A disabled component is put on probation after this long even without samples (0 = never). Default 1800000 (30 min). */
  @IsInt() @Min(0) @Max(604_800_000) disableTtlMs = 1_800_000;
  /** Signals whose sink failed, kept for inspection (oldest dropped). Default 1000. */
  @IsInt() @Min(0) @Max(1_000_000) deadLetterCapacity = 1000;
  /** Memory mode: at shutdown, the final drain runs at most this long before what is left is spooled to the store. Default 5000. */
  @IsInt() @Min(0) @Max(60_000) finalDrainMs = 5000;
  /** Redis mode: concurrent signals per type consumer. Default 10. */
  @IsInt() @Min(1) @Max(1000) consumerConcurrency = 10;
}

export const feedbackConfig = defineConfigSection({
  key: 'feedback',
  schema: FeedbackConfig,
  env: { drainEveryMs: 'FEEDBACK_DRAIN_MS', batchSize: 'FEEDBACK_BATCH_SIZE' },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    feedback: FeedbackConfig;
  }
}
