import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** The monitoring alerts (failing checks, stale sources, overdue creators). Nested in the monitoring section. */
export class MonitoringAlertsConfig {
  /** How often every enabled source and creator is evaluated, in ms; 0 turns the sweep off. Default 60000. */
  @IsInt({ message: 'sweepIntervalMs must be an integer' })
  @Min(0, { message: 'sweepIntervalMs must be at least 0' })
  @Max(86_400_000, { message: 'sweepIntervalMs must be at most 86400000' })
  sweepIntervalMs = 60_000;
  /** A source is failing when at least this share of its recent checks failed. Default 0.5. */
  @IsNumber({}, { message: 'errorShare must be a number' })
  @Min(0.01, { message: 'errorShare must be at least 0.01' })
  @Max(1, { message: 'errorShare must be at most 1' })
  errorShare = 0.5;
  /** The recent checks are those of the last max(errorWindowMs, errorWindowIntervals × interval). Default 3600000. */
  @IsInt({ message: 'errorWindowMs must be an integer' })
  @Min(60_000, { message: 'errorWindowMs must be at least 60000' })
  @Max(604_800_000, { message: 'errorWindowMs must be at most 604800000 (7 days)' })
  errorWindowMs = 3_600_000;
  /** Default 6. */
  @IsInt({ message: 'errorWindowIntervals must be an integer' })
  @Min(1, { message: 'errorWindowIntervals must be at least 1' })
  @Max(1000, { message: 'errorWindowIntervals must be at most 1000' })
  errorWindowIntervals = 6;
  /** Fewer checks than this in the window decide nothing. Default 2. */
  @IsInt({ message: 'minChecks must be an integer' })
  @Min(1, { message: 'minChecks must be at least 1' })
  @Max(1000, { message: 'minChecks must be at most 1000' })
  minChecks = 2;
  /** A source is stale after more than this many intervals without a successful check. Default 3. */
  @IsNumber({}, { message: 'staleIntervals must be a number' })
  @Min(1, { message: 'staleIntervals must be at least 1' })
  @Max(1000, { message: 'staleIntervals must be at most 1000' })
  staleIntervals = 3;
  /** Dated posts needed before a creator's rhythm is judged. Default 6. */
  @IsInt({ message: 'minPostsForCadence must be an integer' })
  @Min(3, { message: 'minPostsForCadence must be at least 3' })
  @Max(1000, { message: 'minPostsForCadence must be at most 1000' })
  minPostsForCadence = 6;
  /** The usual gap between posts is this quantile of the observed gaps. Default 0.9. */
  @IsNumber({}, { message: 'cadenceQuantile must be a number' })
  @Min(0.5, { message: 'cadenceQuantile must be at least 0.5' })
  @Max(1, { message: 'cadenceQuantile must be at most 1' })
  cadenceQuantile = 0.9;
  /** A creator is overdue once the silence exceeds the usual gap × this. Default 1.5. */
  @IsNumber({}, { message: 'cadenceFactor must be a number' })
  @Min(1, { message: 'cadenceFactor must be at least 1' })
  @Max(100, { message: 'cadenceFactor must be at most 100' })
  cadenceFactor = 1.5;
}
