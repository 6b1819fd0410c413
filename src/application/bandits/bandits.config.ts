import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { DomainDefaults } from './bandit-domains';

/** One bandit domain: its actions (by name) and the algorithms that learn it. */
export class BanditDomainConfig {
  /** The domain's name, used in the API's paths. */
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, {
    message: 'name must be 1-64 lowercase letters, digits or _, starting with a letter',
  })
  name!: string;
  /** The choices, 2 to 64 names. */
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    each: true,
    message: 'each action must be 1-128 letters, digits or . _ : -',
  })
  actions!: string[];
  /** The algorithms that learn the domain; unset: all but `uniform_random`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy', 'uniform_random'], {
    each: true,
  })
  algorithms?: string[];
  /** The algorithm that decides when a call names none; one of `algorithms`. Unset: the first of them. */
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
  /**
   * The algorithm that decides when a call names none, in the built-in domains and in domains that do not list
   * their algorithms. Default `linucb`, first on regret in the bandit benchmark; `doubly_robust` is the original's
   * choice (env `BANDITS_DEFAULT_ALGORITHM`).
   */
  @IsIn(['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy', 'uniform_random'])
  defaultAlgorithm = 'linucb';
  /** How long a decision waits for its feedback (the decision log's TTL). Default 86400000 (24 h). */
  @IsInt() @Min(1000) @Max(2_592_000_000) decisionTtlMs = 86_400_000;
  /** A learner's snapshot is written after this many updates (and at shutdown). Default 50. */
  @IsInt() @Min(1) @Max(1_000_000) snapshotEvery = 50;
  /** Matched (decision, reward) events kept per tenant and domain for off-policy evaluation. Default 10000. */
  @IsInt() @Min(10) @Max(1_000_000) evaluationLogSize = 10_000;
  /** At most this many domains per tenant (config + the tenant's runtime ones). Default 100. */
  @IsInt() @Min(1) @Max(10_000) maxDomains = 100;
  /** Replaces the three built-in domains when set. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BanditDomainConfig)
  domains?: BanditDomainConfig[];
}

export const banditsConfig = defineConfigSection({
  key: 'bandits',
  schema: BanditsConfig,
  env: { defaultAlgorithm: 'BANDITS_DEFAULT_ALGORITHM' },
});

/** What domains take when their definition leaves it out. */
export function domainDefaults(config: BanditsConfig): DomainDefaults {
  return { dimension: config.contextDimension, algorithm: config.defaultAlgorithm as AlgorithmName };
}

declare module '../../core/config/app-config' {
  interface AppConfig {
    bandits: BanditsConfig;
  }
}
