import { Type } from 'class-transformer';
import { HasNoProblem } from './no-problem.validator';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { defineConfigSection } from './config-section';

/* The kernel's own sections: what src/core and the application's entry point read. */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** One route's body limit, replacing the one its code declares. */
export class RouteBodyLimitConfig {
  /** The route as `METHOD /path`, with parameters as the code names them (`POST /security/threats/:threatId/resolve`). */
  @Matches(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, {
    message: 'route must be "METHOD /path", e.g. "POST /feedback"',
  })
  route!: string;
  /** Largest accepted body of that route in bytes; at most `bodyLimitBytes`. */
  @IsInt() @Min(1) @Max(MAX_BODY_BYTES) bytes!: number;
}

/** What is wrong with the per-route limits given the ceiling, if anything. */
function badRouteLimits(limits: unknown, config: ServerConfig): string | undefined {
  if (!Array.isArray(limits)) return undefined;
  const seen = new Set<string>();
  for (const entry of limits as unknown[]) {
    if (!(entry instanceof RouteBodyLimitConfig)) continue;
    if (seen.has(entry.route)) return `"${entry.route}" is listed twice`;
    seen.add(entry.route);
    if (entry.bytes > config.bodyLimitBytes)
      return `"${entry.route}" allows ${entry.bytes} bytes, more than bodyLimitBytes (${config.bodyLimitBytes}), the ceiling of every route`;
  }
  return undefined;
}

/** The HTTP server. */
export class ServerConfig {
  /** TCP port of the HTTP server. Default 3000 (env `PORT`). */
  @IsInt() @Min(0) @Max(65535) port = 3000;
  /** Interface to listen on. Default `0.0.0.0` (env `HOST`). */
  @IsString() @MinLength(1) host = '0.0.0.0';
  /**
   * Largest accepted request body in bytes: the limit of routes that declare none, and the ceiling of those that do.
   * Default 1 MiB (env `BODY_LIMIT_BYTES`).
   */
  @IsInt() @Min(1024) @Max(MAX_BODY_BYTES) bodyLimitBytes = 1024 * 1024;
  /**
   * Body limits of single routes, replacing the limit their code declares (`@BodyLimit`), e.g.
   * `[{ route: 'POST /feedback', bytes: 65536 }]`. Each at most `bodyLimitBytes`; a route that does not exist stops
   * the boot. Default none.
   */
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RouteBodyLimitConfig)
  @HasNoProblem('routeBodyLimitsUnderCeiling', (limits, owner: ServerConfig) => badRouteLimits(limits, owner))
  routeBodyLimits: RouteBodyLimitConfig[] = [];
  /**
   * Longest time a client may take to send a whole request (headers and body), in ms; a slower one gets 408. It
   * does not limit how long an answer or an event stream takes. Default 30000 (env `REQUEST_TIMEOUT_MS`).
   */
  @IsInt() @Min(1000) @Max(3_600_000) requestTimeoutMs = 30_000;
}

/** Structured JSON logs (pino). */
export class LoggingConfig {
  /** Pino level. Default `info` (env `LOG_LEVEL`). */
  @IsIn(LOG_LEVELS) level: LogLevel = 'info';
  /** A file to write JSON logs to instead of stdout. Default unset (env `LOG_FILE`). */
  @IsOptional() @IsString() @MinLength(1) file?: string;
  /** Log one line per HTTP request (pino-http). Default true (env `LOG_HTTP_REQUESTS`). */
  @IsBoolean() httpRequests = true;
}

/** The orchestration kernel: the facade's depth limit, context propagation, shutdown of background jobs. */
export class KernelConfig {
  /** Deepest allowed child orchestration; deeper calls get a validation error. Default 8 (env `ORCHESTRATION_MAX_DEPTH`). */
  @IsInt() @Min(1) @Max(256) maxDepth = 8;
  /** Expose the current context through AsyncLocalStorage. Default true (env `ORCHESTRATION_CONTEXT_PROPAGATION`). */
  @IsBoolean() contextPropagation = true;
  /** How long shutdown waits for running background jobs, in ms. Default 5000 (env `SHUTDOWN_TIMEOUT_MS`). */
  @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs = 5000;
}

/** Prometheus metrics at /metrics. */
export class MetricsConfig {
  /** Collect Node's default process metrics. Default true (env `METRICS_DEFAULT`). */
  @IsBoolean() defaultMetrics = true;
  /** Prefix for every metric name. Default empty (env `METRICS_PREFIX`). */
  @IsString() @MaxLength(64) prefix = '';
}

/** Where state lives: the embedded database by default, PostgreSQL and Redis when their URLs are set. */
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
  /**
   * `durable`: a write is in the database before it is acknowledged (feedback signals, bandit decisions and rewards),
   * and learning state is rebuilt from the stored inputs after a crash. `memory`: acknowledged writes live in memory
   * until the next snapshot or a clean shutdown, so a crash loses them and retries after a restart apply twice; for
   * throughput experiments only. Default `durable` (env `DURABILITY`).
   */
  @IsIn(['durable', 'memory']) durability: 'durable' | 'memory' = 'durable';
  /** Group commit: a durable write waits at most this long for others to share its transaction, in ms. Default 2 (env `GROUP_COMMIT_MS`). */
  @IsInt() @Min(0) @Max(1000) groupCommitMs = 2;
  /** Group commit: a transaction holds at most this many writes (it is written at once when full). Default 500. */
  @IsInt() @Min(1) @Max(100_000) groupCommitMaxItems = 500;
  /**
   * Scale-out (`REDIS_URL` with a shared database): each instance applies the entries other instances stored at
   * least this often, so its feedback state lags theirs by at most about this long, in ms. Default 100 (env
   * `TAIL_EVERY_MS`).
   */
  @IsInt() @Min(10) @Max(60_000) tailEveryMs = 100;
  /** Derived state (feedback health and learning) is written behind at most this long after it changed, in ms. Default 1000. */
  @IsInt() @Min(10) @Max(3_600_000) snapshotEveryMs = 1000;
  /** Input logs keep rows (and so de-duplicate their ids) for at least this long, in ms. Default 604800000 (7 days). */
  @IsInt() @Min(60_000) @Max(31_536_000_000) inputLogMaxAgeMs = 604_800_000;
  /** Input logs keep at most this many rows each once older rows are covered by stored state. Default 1000000. */
  @IsInt() @Min(1000) @Max(1_000_000_000) inputLogMaxRows = 1_000_000;
  /** Period of the input-log compaction job, in ms. Default 600000. */
  @IsInt() @Min(1000) @Max(86_400_000) compactEveryMs = 600_000;
}

export const serverConfig = defineConfigSection({
  key: 'server',
  schema: ServerConfig,
  env: { port: 'PORT', host: 'HOST', bodyLimitBytes: 'BODY_LIMIT_BYTES', requestTimeoutMs: 'REQUEST_TIMEOUT_MS' },
});

export const loggingConfig = defineConfigSection({
  key: 'logging',
  schema: LoggingConfig,
  env: { level: 'LOG_LEVEL', file: 'LOG_FILE', httpRequests: 'LOG_HTTP_REQUESTS' },
});

export const kernelConfig = defineConfigSection({
  key: 'kernel',
  schema: KernelConfig,
  env: {
    maxDepth: 'ORCHESTRATION_MAX_DEPTH',
    contextPropagation: 'ORCHESTRATION_CONTEXT_PROPAGATION',
    shutdownTimeoutMs: 'SHUTDOWN_TIMEOUT_MS',
  },
});

export const metricsConfig = defineConfigSection({
  key: 'metrics',
  schema: MetricsConfig,
  env: { defaultMetrics: 'METRICS_DEFAULT', prefix: 'METRICS_PREFIX' },
});

export const persistenceConfig = defineConfigSection({
  key: 'persistence',
  schema: PersistenceConfig,
  env: {
    dataDir: 'DATA_DIR',
    databaseUrl: 'DATABASE_URL',
    connectTimeoutMs: 'DATABASE_CONNECT_TIMEOUT_MS',
    redisUrl: 'REDIS_URL',
    redisPrefix: 'REDIS_PREFIX',
    jobLockMs: 'JOB_LOCK_MS',
    durability: 'DURABILITY',
    groupCommitMs: 'GROUP_COMMIT_MS',
    tailEveryMs: 'TAIL_EVERY_MS',
  },
});
