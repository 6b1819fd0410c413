import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/**
 * How the monitoring scheduler runs checks (nested into the `monitoring` section); every duration in ms.
 * Per-source settings (interval, jitter, quiet hours, priority) live on the source.
 */
export class MonitoringScheduleConfig {
  /** Checks that run at once on one instance; waiting checks start by priority, then due time. Default 4. */
  @IsInt() @Min(1) @Max(1000) maxConcurrentChecks = 4;
  /** Check every enabled source as soon as the scheduler starts, instead of one interval later. Default false. */
  @IsBoolean() checkOnStart = false;
  /** Period of the job that starts runs for items that waited for run capacity. Default 30000. */
  @IsInt() @Min(100) @Max(3_600_000) drainIntervalMs = 30_000;
  /** Items the drain job starts runs for per tick, at most. Default 50. */
  @IsInt() @Min(1) @Max(10_000) drainBatchSize = 50;
  /** Adapt each source's interval to its observed posting rate, within its min and max. Default true. */
  @IsBoolean() adaptive = true;
  /** How long `stop` waits for checks in flight before it gives up on them. Default 10000. */
  @IsInt() @Min(0) @Max(600_000) stopTimeoutMs = 10_000;
}
