import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  ValidateIf,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { BanditsConfig, FeedbackConfig } from './application-config';
import { AutointelConfig, ContentConfig, LlmConfig } from './domain-config';

export { BanditDomainConfig, BanditsConfig, FeedbackConfig } from './application-config';
export { AutointelConfig, ContentConfig, LlmConfig } from './domain-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ServerConfig {
  /** TCP port of the HTTP server. Default 3000 (env `PORT`). */
  @IsInt() @Min(0) @Max(65535) port = 3000;
  /** Interface to listen on. Default `0.0.0.0` (env `HOST`). */
  @IsString() @MinLength(1) host = '0.0.0.0';
  /** Largest accepted request body in bytes. Default 1 MiB (env `BODY_LIMIT_BYTES`). */
  @IsInt() @Min(1024) @Max(1024 * 1024 * 1024) bodyLimitBytes = 1024 * 1024;
}

export class LoggingConfig {
  /** Pino level. Default `info` (env `LOG_LEVEL`). */
  @IsIn(LOG_LEVELS) level: LogLevel = 'info';
  /** A file to write JSON logs to instead of stdout. Default unset (env `LOG_FILE`). */
  @IsOptional() @IsString() @MinLength(1) file?: string;
  /** Log one line per HTTP request (pino-http). Default true (env `LOG_HTTP_REQUESTS`). */
  @IsBoolean() httpRequests = true;
}

export class KernelConfig {
  /** Deepest allowed child orchestration; deeper calls get a validation error. Default 8 (env `ORCHESTRATION_MAX_DEPTH`). */
  @IsInt() @Min(1) @Max(256) maxDepth = 8;
  /** Expose the current context through AsyncLocalStorage. Default true (env `ORCHESTRATION_CONTEXT_PROPAGATION`). */
  @IsBoolean() contextPropagation = true;
  /** How long shutdown waits for running background jobs, in ms. Default 5000 (env `SHUTDOWN_TIMEOUT_MS`). */
  @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs = 5000;
}

export class MetricsConfig {
  /** Collect Node's default process metrics. Default true (env `METRICS_DEFAULT`). */
  @IsBoolean() defaultMetrics = true;
  /** Prefix for every metric name. Default empty (env `METRICS_PREFIX`). */
  @IsString() @MaxLength(64) prefix = '';
}

export class ApiConfig {
  /** Serve GraphQL at /graphql. Default true (env `GRAPHQL_ENABLED`). */
  @IsBoolean() graphql = true;
  /** Serve the GraphiQL IDE at /graphiql. Default false (env `GRAPHIQL_ENABLED`). */
  @IsBoolean() graphiql = false;
  /** Serve OpenAPI at /docs. Default true (env `DOCS_ENABLED`). */
  @IsBoolean() docs = true;
}

export class PersistenceConfig {
  /** Folder of the embedded database (PGlite) and other local state. Default `./data` (env `DATA_DIR`). */
  @IsString() @MinLength(1) dataDir = './data';
  /** A PostgreSQL URL; when set, PostgreSQL replaces the embedded database. Default unset (env `DATABASE_URL`). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'persistence.databaseUrl must be a postgres:// or postgresql:// URL' })
  databaseUrl?: string;
  /** How long boot waits for the database to answer, in ms. Default 10000 (env `DATABASE_CONNECT_TIMEOUT_MS`). */
  @IsInt() @Min(100) @Max(300_000) connectTimeoutMs = 10_000;
  /** Interval of the job that deletes expired key-value entries, in ms. Default 60000. */
  @IsInt() @Min(1000) @Max(86_400_000) purgeEveryMs = 60_000;
  /**
   * A Redis URL; when set, job queues and repeatable jobs run on BullMQ in Redis and are shared by every instance
   * using it. Default unset: in-process queues (env `REDIS_URL`).
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'persistence.redisUrl must be a redis:// or rediss:// URL' })
  redisUrl?: string;
  /** Prefix of every Redis key this service writes; instances sharing queues use the same one. Default `crew` (env `REDIS_PREFIX`). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'persistence.redisPrefix must be 1-32 letters, digits, _ or -' })
  redisPrefix = 'crew';
  /**
   * Redis mode: a running job whose instance stops renewing its lock for this long (it crashed) is handed to
   * another instance, in ms. Default 30000 (env `JOB_LOCK_MS`).
   */
  @IsInt() @Min(1000) @Max(3_600_000) jobLockMs = 30_000;
}

export const RESILIENCE_STRATEGIES = [
  'fail_fast',
  'graceful_degrade',
  'retry',
  'circuit_breaker',
  'adaptive_routing',
] as const;

/** The resilience orchestrator (infrastructure); every duration in ms. */
export class ResilienceConfig {
  /** Strategy of a call that names none. Default `fail_fast`. */
  @IsIn(RESILIENCE_STRATEGIES) defaultStrategy: (typeof RESILIENCE_STRATEGIES)[number] = 'fail_fast';
  /** Calls in total under `retry` (not retries). Default 3. */
  @IsInt() @Min(1) @Max(100) retryAttempts = 3;
  /** Backoff before retry k (0-based): `min(base · 2^k, max)`, then jitter. Defaults 1000 and 30000. */
  @IsInt() @Min(0) @Max(3_600_000) retryBaseDelayMs = 1000;
  @IsInt() @Min(0) @Max(3_600_000) retryMaxDelayMs = 30_000;
  /** Multiply each delay by U[0.5, 1.5) (capped at the maximum). Default true. */
  @IsBoolean() retryJitter = true;
  /** Consecutive failures that open a breaker. Default 5. */
  @IsInt() @Min(1) @Max(10_000) breakerFailureThreshold = 5;
  /** Failure fraction of the recent window that opens a breaker. Default 0.5. */
  @IsNumber() @Min(0.01) @Max(1) breakerFailureRate = 0.5;
  /** Calls the window needs before the rate rule applies. Default 10. */
  @IsInt() @Min(1) @Max(100_000) breakerMinimumRequests = 10;
  /** Newest calls the window keeps. Default 100. */
  @IsInt() @Min(1) @Max(100_000) breakerWindowSize = 100;
  /** Oldest call the window keeps. Default 300000 (5 min). */
  @IsInt() @Min(1000) @Max(86_400_000) breakerWindowMaxAgeMs = 300_000;
  /** How long an open breaker rejects before it admits probes. Default 60000. */
  @IsInt() @Min(1) @Max(86_400_000) breakerRecoveryTimeoutMs = 60_000;
  /** Probe successes that close a half-open breaker. Default 2. */
  @IsInt() @Min(1) @Max(1000) breakerSuccessThreshold = 2;
  /** Probes a half-open breaker lets run at once; more are rejected as unavailable. Default 3. */
  @IsInt() @Min(1) @Max(1000) breakerHalfOpenMaxCalls = 3;
  /** A call under a breaker that runs longer fails as a timeout (its signal is aborted). Default 30000. */
  @IsInt() @Min(1) @Max(3_600_000) callTimeoutMs = 30_000;
  /** Recent calls per service that health is computed over. Default 100. */
  @IsInt() @Min(1) @Max(100_000) healthWindowSize = 100;
  /** A service is unhealthy below this success rate (over the window). Default 0.7. */
  @IsNumber() @Min(0) @Max(1) healthMinSuccessRate = 0.7;
  /** … or above this mean latency (over the same window). Default 5000. */
  @IsInt() @Min(1) @Max(3_600_000) healthMaxMeanLatencyMs = 5000;
  /** Period of the health monitor job. Default 30000. */
  @IsInt() @Min(100) @Max(86_400_000) healthCheckEveryMs = 30_000;
  /** Adapt routing weights (×1.1 on a fast success, ×0.9 otherwise). Default true. */
  @IsBoolean() routingEnabled = true;
  @IsNumber() @Min(0.001) @Max(1) routingMinWeight = 0.1;
  @IsNumber() @Min(1) @Max(1000) routingMaxWeight = 2.0;
  /** A success slower than this lowers the weight. Default 5000. */
  @IsInt() @Min(1) @Max(3_600_000) routingSlowMs = 5000;
  /** Distinct `service` metric labels; later services share the label `other`. Default 200. */
  @IsInt() @Min(1) @Max(100_000) maxServiceLabels = 200;
  /** Snapshot breaker states to the database and restore them at boot. Default true. */
  @IsBoolean() persistBreakers = true;
  /** With Redis, announce an opened breaker to the other instances, which open theirs. Default true. */
  @IsBoolean() shareBreakers = true;
}

/** What an alert rule looks at (see the telemetry alert engine). */
export class AlertSelectorConfig {
  @IsIn(['spans', 'metric']) source!: 'spans' | 'metric';
  /** With `source: spans`: `error` (1/0 per span) or `durationMs`. */
  @ValidateIf((o: AlertSelectorConfig) => o.source === 'spans') @IsIn(['error', 'durationMs']) field?:
    'error' | 'durationMs';
  /** With `source: metric`: the point name, e.g. `system.memory.percent`. */
  @ValidateIf((o: AlertSelectorConfig) => o.source === 'metric') @IsString() @MinLength(1) name?: string;
  @IsOptional() @IsObject() tags?: Record<string, string>;
}

export class AlertWindowConfig {
  /** The newest this many values. */
  @IsOptional() @IsInt() @Min(1) count?: number;
  /** Values of the last this many ms. */
  @IsOptional() @IsInt() @Min(1) ms?: number;
}

/** One typed alert rule; `telemetry.alertRules` replaces the three built-in ones when set. */
export class AlertRuleConfig {
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'id must be 1-64 letters, digits, _ . -' }) id!: string;
  @IsString() @MinLength(1) title!: string;
  @IsIn(['info', 'warning', 'error', 'critical']) severity!: 'info' | 'warning' | 'error' | 'critical';
  @ValidateNested() @Type(() => AlertSelectorConfig) selector!: AlertSelectorConfig;
  @IsIn(['last', 'mean', 'max', 'rate']) aggregate!: 'last' | 'mean' | 'max' | 'rate';
  @IsIn(['>', '>=', '<', '<=']) operator!: '>' | '>=' | '<' | '<=';
  @IsNumber() threshold!: number;
  @ValidateNested() @Type(() => AlertWindowConfig) window!: AlertWindowConfig;
  /** Default 900000 (15 min). */
  @IsOptional() @IsInt() @Min(0) cooldownMs?: number;
  /** Default the window's ms, else 300000. */
  @IsOptional() @IsInt() @Min(0) resolveAfterMs?: number;
  @IsOptional() @IsBoolean() enabled?: boolean;
}

/** The telemetry orchestrator (infrastructure). */
export class TelemetryConfig {
  /**
   * Record every facade call as an OpenTelemetry span (SDK with an in-process ring of ended spans). Default true
   * (env `TRACING_ENABLED`). A traced no-op facade call costs ≈ 5–6 µs here instead of ≈ 2.3 µs; turn it off, or
   * lower `samplingRatio`, for hot paths that do not need traces.
   */
  @IsBoolean() tracing = true;
  /** Share of traces sampled, 0–1; children follow their parent's decision. Default 1 (env `TRACING_SAMPLE_RATIO`). */
  @IsNumber() @Min(0) @Max(1) samplingRatio = 1;
  /** Ended spans kept for the trace summaries. Default 1000. */
  @IsInt() @Min(1) @Max(1_000_000) spanRingSize = 1000;
  /** An OTLP/HTTP traces endpoint (e.g. `http://collector:4318/v1/traces`); spans are also exported there in batches. Default unset (env `TRACING_OTLP_URL`). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'telemetry.otlpUrl must be an http:// or https:// URL' })
  otlpUrl?: string;
  /** Metric points kept for the summaries and alert rules (oldest dropped). Default 10000. */
  @IsInt() @Min(1) @Max(10_000_000) metricBufferSize = 10_000;
  /** Period of the telemetry cycle job (host stats, alert rules); 0 turns it off. Default 30000 (env `TELEMETRY_CYCLE_MS`). */
  @IsInt() @Min(0) @Max(86_400_000) cycleEveryMs = 30_000;
  /** Alert rules; when set they replace the built-in three (error rate, latency, memory). */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => AlertRuleConfig) alertRules?: AlertRuleConfig[];
}

/** The whole configuration: `config/default.yaml`, then `config/<NODE_ENV>.yaml`, then environment variables. */
export class AppConfig {
  @ValidateNested() @Type(() => ServerConfig) server = new ServerConfig();
  @ValidateNested() @Type(() => LoggingConfig) logging = new LoggingConfig();
  @ValidateNested() @Type(() => KernelConfig) kernel = new KernelConfig();
  @ValidateNested() @Type(() => MetricsConfig) metrics = new MetricsConfig();
  @ValidateNested() @Type(() => ApiConfig) api = new ApiConfig();
  @ValidateNested() @Type(() => PersistenceConfig) persistence = new PersistenceConfig();
  @ValidateNested() @Type(() => ResilienceConfig) resilience = new ResilienceConfig();
  @ValidateNested() @Type(() => TelemetryConfig) telemetry = new TelemetryConfig();
  @ValidateNested() @Type(() => FeedbackConfig) feedback = new FeedbackConfig();
  @ValidateNested() @Type(() => BanditsConfig) bandits = new BanditsConfig();
  @ValidateNested() @Type(() => ContentConfig) content = new ContentConfig();
  @ValidateNested() @Type(() => LlmConfig) llm = new LlmConfig();
  @ValidateNested() @Type(() => AutointelConfig) autointel = new AutointelConfig();
}
