/** How one environment variable maps onto a config key. */
interface EnvBinding {
  readonly env: string;
  readonly path: readonly [string, string];
  readonly kind: 'int' | 'number' | 'bool' | 'string' | 'list';
}

/** Every environment variable the service reads for its configuration. */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { env: 'PORT', path: ['server', 'port'], kind: 'int' },
  { env: 'HOST', path: ['server', 'host'], kind: 'string' },
  { env: 'BODY_LIMIT_BYTES', path: ['server', 'bodyLimitBytes'], kind: 'int' },
  { env: 'LOG_LEVEL', path: ['logging', 'level'], kind: 'string' },
  { env: 'LOG_FILE', path: ['logging', 'file'], kind: 'string' },
  { env: 'LOG_HTTP_REQUESTS', path: ['logging', 'httpRequests'], kind: 'bool' },
  { env: 'ORCHESTRATION_MAX_DEPTH', path: ['kernel', 'maxDepth'], kind: 'int' },
  { env: 'ORCHESTRATION_CONTEXT_PROPAGATION', path: ['kernel', 'contextPropagation'], kind: 'bool' },
  { env: 'SHUTDOWN_TIMEOUT_MS', path: ['kernel', 'shutdownTimeoutMs'], kind: 'int' },
  { env: 'METRICS_DEFAULT', path: ['metrics', 'defaultMetrics'], kind: 'bool' },
  { env: 'METRICS_PREFIX', path: ['metrics', 'prefix'], kind: 'string' },
  { env: 'GRAPHQL_ENABLED', path: ['api', 'graphql'], kind: 'bool' },
  { env: 'GRAPHIQL_ENABLED', path: ['api', 'graphiql'], kind: 'bool' },
  { env: 'DOCS_ENABLED', path: ['api', 'docs'], kind: 'bool' },
  { env: 'DATA_DIR', path: ['persistence', 'dataDir'], kind: 'string' },
  { env: 'DATABASE_URL', path: ['persistence', 'databaseUrl'], kind: 'string' },
  { env: 'DATABASE_CONNECT_TIMEOUT_MS', path: ['persistence', 'connectTimeoutMs'], kind: 'int' },
  { env: 'REDIS_URL', path: ['persistence', 'redisUrl'], kind: 'string' },
  { env: 'REDIS_PREFIX', path: ['persistence', 'redisPrefix'], kind: 'string' },
  { env: 'JOB_LOCK_MS', path: ['persistence', 'jobLockMs'], kind: 'int' },
  { env: 'TRACING_ENABLED', path: ['telemetry', 'tracing'], kind: 'bool' },
  { env: 'TRACING_SAMPLE_RATIO', path: ['telemetry', 'samplingRatio'], kind: 'number' },
  { env: 'TELEMETRY_CYCLE_MS', path: ['telemetry', 'cycleEveryMs'], kind: 'int' },
  { env: 'TRACING_OTLP_URL', path: ['telemetry', 'otlpUrl'], kind: 'string' },
  { env: 'FEEDBACK_DRAIN_MS', path: ['feedback', 'drainEveryMs'], kind: 'int' },
  { env: 'FEEDBACK_BATCH_SIZE', path: ['feedback', 'batchSize'], kind: 'int' },
  { env: 'CONTENT_ALLOWED_CIDRS', path: ['content', 'allowedCidrs'], kind: 'list' },
  { env: 'CONTENT_FILE_ROOTS', path: ['content', 'fileRoots'], kind: 'list' },
  { env: 'YTDLP', path: ['content', 'ytDlp'], kind: 'string' },
  { env: 'WHISPER_MODEL', path: ['content', 'whisperModel'], kind: 'string' },
  { env: 'FACT_CHECK_KB', path: ['content', 'factCheckKnowledgeBase'], kind: 'string' },
  { env: 'GOOGLE_FACT_CHECK_API_KEY', path: ['content', 'googleFactCheckApiKey'], kind: 'string' },
  { env: 'DISCORD_WEBHOOK_URL', path: ['content', 'discordWebhookUrl'], kind: 'string' },
  { env: 'LLM_BASE_URL', path: ['llm', 'baseUrl'], kind: 'string' },
  { env: 'LLM_MODEL', path: ['llm', 'model'], kind: 'string' },
  { env: 'LLM_API_KEY', path: ['llm', 'apiKey'], kind: 'string' },
  { env: 'LLM_CHEAPER_MODEL', path: ['llm', 'cheaperModel'], kind: 'string' },
  { env: 'AUTOINTEL_CONCURRENCY', path: ['autointel', 'concurrency'], kind: 'int' },
  { env: 'AUTOINTEL_DEFAULT_MODE', path: ['autointel', 'defaultMode'], kind: 'string' },
  { env: 'AUTOINTEL_AGENT_RUNTIME', path: ['autointel', 'agentRuntime'], kind: 'string' },
  { env: 'ENABLE_EXPERIMENTAL_DEPTH', path: ['autointel', 'experimentalDepth'], kind: 'bool' },
  { env: 'ENABLE_SEMANTIC_ROUTER', path: ['autointel', 'semanticRouter'], kind: 'bool' },
  { env: 'ENABLE_PARALLEL_ANALYSIS', path: ['autointel', 'parallelAnalysis'], kind: 'bool' },
  { env: 'ENABLE_PARALLEL_FACT_CHECKING', path: ['autointel', 'parallelFactChecking'], kind: 'bool' },
  { env: 'ENABLE_PARALLEL_MEMORY_OPS', path: ['autointel', 'parallelMemoryOps'], kind: 'bool' },
  { env: 'MAX_CONCURRENT_TASKS', path: ['autointel', 'maxConcurrentTasks'], kind: 'int' },
  { env: 'PARALLEL_EXECUTION_THRESHOLD', path: ['autointel', 'parallelThreshold'], kind: 'int' },
];

/** Raised when an environment variable cannot be parsed as its key's type. */
export class EnvParseError extends Error {
  constructor(
    readonly env: string,
    readonly key: string,
    raw: string,
    expected: string,
  ) {
    super(`${env} (config key ${key}) must be ${expected}, got "${raw}"`);
    this.name = 'EnvParseError';
  }
}

function parse(binding: EnvBinding, raw: string): unknown {
  const key = binding.path.join('.');
  switch (binding.kind) {
    case 'int':
      if (!/^-?\d+$/.test(raw.trim())) throw new EnvParseError(binding.env, key, raw, 'an integer');
      return Number(raw.trim());
    case 'number':
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw.trim())) throw new EnvParseError(binding.env, key, raw, 'a number');
      return Number(raw.trim());
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      throw new EnvParseError(binding.env, key, raw, 'a boolean (true/false/1/0/yes/no/on/off)');
    }
    case 'string':
      return raw;
    case 'list':
      // Comma-separated; blanks around items are ignored.
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
  }
}

/** The config fragment set by the environment; unset or empty variables are ignored. */
export function envOverrides(env: NodeJS.ProcessEnv): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.env];
    if (raw === undefined || raw === '') continue;
    const [section, field] = binding.path;
    (out[section] ??= {})[field] = parse(binding, raw);
  }
  return out;
}
