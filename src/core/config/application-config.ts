import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/* Configuration of the application-layer orchestrators (sections of AppConfig). */

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
  /** Default 11. */
  @IsInt() @Min(1) @Max(100) minSamplesToDisable = 11;
  /** A disabled component comes back when its shadow health exceeds this over `reenableSamples` new samples. Default 0.5. */
  @IsNumber() @Min(0) @Max(1) reenableAbove = 0.5;
  /** Default 20. */
  @IsInt() @Min(1) @Max(100) reenableSamples = 20;
  /** A disabled component is put on probation after this long even without samples (0 = never). Default 1800000 (30 min). */
  @IsInt() @Min(0) @Max(604_800_000) disableTtlMs = 1_800_000;
  /** Signals whose sink failed, kept for inspection (oldest dropped). Default 1000. */
  @IsInt() @Min(0) @Max(1_000_000) deadLetterCapacity = 1000;
  /** At shutdown, the final drain runs at most this long before what is left is spooled to the store. Default 5000. */
  @IsInt() @Min(0) @Max(60_000) finalDrainMs = 5000;
  /** Redis mode: concurrent signals per type consumer. Default 10. */
  @IsInt() @Min(1) @Max(1000) consumerConcurrency = 10;
}

/** One bandit domain: its actions (by name) and the algorithms that learn it. */
export class BanditDomainConfig {
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, {
    message: 'name must be 1-64 lowercase letters, digits or _, starting with a letter',
  })
  name!: string;
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    each: true,
    message: 'each action must be 1-128 letters, digits or . _ : -',
  })
  actions!: string[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy', 'uniform_random'], {
    each: true,
  })
  algorithms?: string[];
  @IsOptional()
  @IsIn(['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy', 'uniform_random'])
  defaultAlgorithm?: string;
  /** Context dimension (default `bandits.contextDimension`). */
  @IsOptional() @IsInt() @Min(4) @Max(64) dimension?: number;
  /** Named features read from a decision's `features` (default complexity, priority). */
  @IsOptional() @IsArray() @ArrayMaxSize(32) @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { each: true }) featureNames?: string[];
}

/** The advanced bandits orchestrator (application). */
export class BanditsConfig {
  /** Context dimension of the built-in domains. Default 8. */
  @IsInt() @Min(4) @Max(64) contextDimension = 8;
  /** How long a decision waits for its feedback (the decision log's TTL). Default 86400000 (24 h). */
  @IsInt() @Min(1000) @Max(2_592_000_000) decisionTtlMs = 86_400_000;
  /** A learner's snapshot is written after this many updates (and at shutdown). Default 50. */
  @IsInt() @Min(1) @Max(1_000_000) snapshotEvery = 50;
  /** Matched (decision, reward) events kept per tenant and domain for off-policy evaluation. Default 10000. */
  @IsInt() @Min(10) @Max(1_000_000) evaluationLogSize = 10_000;
  /** At most this many domains (config + runtime). Default 100. */
  @IsInt() @Min(1) @Max(10_000) maxDomains = 100;
  /** Replaces the three built-in domains when set. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BanditDomainConfig)
  domains?: BanditDomainConfig[];
}
