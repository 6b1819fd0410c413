import { Type } from 'class-transformer';
import { HasNoProblem } from '../../../core/config/no-problem.validator';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { defineConfigSection } from '../../../core/config/config-section';

/** One scope's budget: a token bucket of `burst` tokens that gains `perMinute / 60` tokens a second. */
export class RateLimitScopeConfig {
  /** Tokens added per minute: the sustained rate. */
  @IsInt() @Min(1) @Max(1_000_000) perMinute!: number;
  /** The bucket's capacity: calls a full bucket admits at once; at least one second's refill (`perMinute / 60`). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  @ValidateBy({
    name: 'burstCoversOneSecond',
    validator: {
      validate: (burst: number, args?: ValidationArguments) =>
        burst >= (args?.object as RateLimitScopeConfig).perMinute / 60,
      defaultMessage: () => 'burst must be at least perMinute / 60 (one second of refill)',
    },
  })
  burst!: number;
  /** Repeated denials on this scope escalate to cooldowns (see `cooldowns`). Default true. */
  @IsBoolean() escalate = true;
}

function scope(perMinute: number, burst: number): RateLimitScopeConfig {
  return Object.assign(new RateLimitScopeConfig(), { perMinute, burst });
}

/** The four scopes; a scope given in the configuration replaces its default whole (both numbers). */
export class RateLimitScopesConfig {
  /** Per API key. Default 60/min, burst 90. */
  @ValidateNested() @Type(() => RateLimitScopeConfig) user: RateLimitScopeConfig = scope(60, 90);
  /** Per tenant, all its keys together. Default 600/min, burst 800. */
  @ValidateNested() @Type(() => RateLimitScopeConfig) tenant: RateLimitScopeConfig = scope(600, 800);
  /** Per API key and route. Default 120/min, burst 150. */
  @ValidateNested() @Type(() => RateLimitScopeConfig) route: RateLimitScopeConfig = scope(120, 150);
  /** Per external provider, for outbound calls. Default 300/min, burst 400. */
  @ValidateNested() @Type(() => RateLimitScopeConfig) provider: RateLimitScopeConfig = scope(300, 400);
}

/** One row of the escalation table. */
export class CooldownStepConfig {
  /** Violations within the window that reach this row. */
  @IsInt() @Min(1) @Max(1_000_000) violations!: number;
  /** How long the key is then denied, in seconds. */
  @IsInt() @Min(1) @Max(86_400) cooldownSeconds!: number;
}

function step(violations: number, cooldownSeconds: number): CooldownStepConfig {
  return Object.assign(new CooldownStepConfig(), { violations, cooldownSeconds });
}

/** The smallest burst of the scopes an inbound request draws on (user, tenant, route). */
function smallestRequestBurst(config: RateLimitConfig): { scope: string; burst: number } | undefined {
  const scopes = config.scopes;
  if (!(scopes instanceof RateLimitScopesConfig)) return undefined;
  return (['user', 'tenant', 'route'] as const)
    .map((name) => ({ scope: name, burst: scopes[name]?.burst }))
    .filter((s) => typeof s.burst === 'number')
    .sort((a, b) => a.burst - b.burst)[0];
}

/** What is wrong with the cost table given the bursts, if anything. */
function badCosts(costs: unknown, config: RateLimitConfig): string | undefined {
  if (!Array.isArray(costs)) return undefined;
  const smallest = smallestRequestBurst(config);
  const seen = new Set<string>();
  for (const entry of costs as unknown[]) {
    if (!(entry instanceof RouteCostConfig)) continue;
    if (seen.has(entry.route)) return `"${entry.route}" is listed twice`;
    seen.add(entry.route);
    if (smallest && entry.cost > smallest.burst) {
      const burst = `the ${smallest.scope} burst (${smallest.burst})`;
      return `"${entry.route}" costs ${entry.cost}, more than ${burst}: it could never pass`;
    }
  }
  return undefined;
}

/** One row of the cost table. */
export class RouteCostConfig {
  /** The route pattern (`POST /autointel`) or operation name the caller passes. */
  @IsString() @MinLength(1) @MaxLength(200) route!: string;
  /** Tokens a request on it takes from each of its buckets. */
  @IsInt() @Min(1) @Max(1_000_000) cost!: number;
}

function cost(route: string, tokens: number): RouteCostConfig {
  return Object.assign(new RouteCostConfig(), { route, cost: tokens });
}

/** Inbound rate limits (per key, tenant and route), outbound provider limits, escalation cooldowns, run admission. */
export class RateLimitConfig {
  /**
   * Apply the rate limits; off admits every request (the admission gate still applies). Default true (env
   * `RATE_LIMIT_ENABLED`).
   */
  @IsBoolean() enabled = true;
  /** Budgets per scope. */
  @ValidateNested() @Type(() => RateLimitScopesConfig) scopes: RateLimitScopesConfig = new RateLimitScopesConfig();
  /**
   * Tokens a request takes from each of its buckets, by route pattern or operation name; other routes cost
   * `defaultCost`. No cost may exceed the smallest burst of the user, tenant and route scopes. Default
   * `POST /autointel` (starting a run) 10.
   */
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RouteCostConfig)
  @HasNoProblem('costsFitBursts', (costs, owner: RateLimitConfig) => badCosts(costs, owner))
  costs: RouteCostConfig[] = [cost('POST /autointel', 10)];
  /** Tokens of a request whose route has no entry in `costs`. Default 1. */
  @IsInt()
  @Min(1)
  @ValidateBy({
    name: 'defaultCostFitsBursts',
    validator: {
      validate: (tokens: number, args?: ValidationArguments) =>
        tokens <= (smallestRequestBurst(args?.object as RateLimitConfig)?.burst ?? Infinity),
      defaultMessage: (args?: ValidationArguments) =>
        `defaultCost ${args?.value} is more than the smallest burst of the user, tenant and route scopes`,
    },
  })
  defaultCost: number = 1;
  /** A violation more than this many seconds after the previous one starts the count again. Default 900. */
  @IsInt() @Min(1) @Max(86_400) violationWindowSeconds = 900;
  /**
   * The escalation table, by increasing `violations`: the longest cooldown among the rows reached applies. Default
   * 3 → 30 s, 6 → 120 s, 9 → 600 s.
   */
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => CooldownStepConfig)
  @ValidateBy({
    name: 'stepsAscending',
    validator: {
      validate: (steps: CooldownStepConfig[]) =>
        !Array.isArray(steps) || steps.every((s, i) => i === 0 || s?.violations > steps[i - 1]?.violations),
      defaultMessage: () => 'cooldowns must be listed by strictly increasing violations',
    },
  })
  cooldowns: CooldownStepConfig[] = [step(3, 30), step(6, 120), step(9, 600)];
  /** Redis mode: bucket keys are `<persistence.redisPrefix>:<keyPrefix>:<scope>:<key>`. Default `rl`. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'rateLimit.keyPrefix must be 1-32 letters, digits, _ or -' })
  keyPrefix = 'rl';
  /** Redis mode: a decision Redis has not given in this many ms is taken in memory instead. Default 200. */
  @IsInt() @Min(1) @Max(10_000) redisTimeoutMs = 200;
  /** Runs one tenant may have in flight at once on an instance (`AdmissionGate`). Default 2. */
  @IsInt() @Min(1) @Max(10_000) maxConcurrentRunsPerTenant = 2;
  /** `Retry-After` seconds when a tenant's runs are at the cap. Default 5. */
  @IsInt() @Min(1) @Max(3600) admissionRetryAfterSeconds = 5;
}

export const rateLimitConfig = defineConfigSection({
  key: 'rateLimit',
  schema: RateLimitConfig,
  env: { enabled: 'RATE_LIMIT_ENABLED' },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    rateLimit: RateLimitConfig;
  }
}
