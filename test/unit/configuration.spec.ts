import { join } from 'node:path';
import '../../src/app.module';
import { configSections } from '../../src/core/config/config-section';
import { loadConfig } from '../../src/core/config/config.loader';

/** The application's configuration as its modules declare it: the sections and variables it has always read. */
describe('the application configuration', () => {
  it('declares the same sections as before they moved beside their features', () => {
    expect(
      configSections()
        .map((s) => s.key)
        .sort(),
    ).toEqual([
      'analytics',
      'api',
      'audit',
      'autointel',
      'bandits',
      'content',
      'feedback',
      'hierarchy',
      'kernel',
      'llm',
      'logging',
      'metrics',
      'mission',
      'monitoring',
      'performanceAnalytics',
      'persistence',
      'rateLimit',
      'resilience',
      'security',
      'server',
      'telemetry',
      'threats',
      'training',
      'webhooks',
    ]);
  });

  it('binds the same environment variables to the same keys, each parsed by its type', () => {
    const bindings = configSections()
      .flatMap((s) => s.env)
      .map((b) => [b.env, `${b.section}.${b.field}`, b.kind])
      .sort(([a], [b]) => (a < b ? -1 : 1));
    expect(bindings).toEqual([
      ['ALERT_HISTORY', 'performanceAnalytics.alertHistory', 'int'],
      ['ALERT_LOOKBACK_H', 'performanceAnalytics.alertLookbackHours', 'number'],
      ['ANALYTICS_ALERT_LOOP', 'performanceAnalytics.alertLoop', 'bool'],
      ['ANALYTICS_ALERT_LOOP_MS', 'performanceAnalytics.alertLoopEveryMs', 'int'],
      ['ANALYTICS_BUFFER', 'performanceAnalytics.bufferSize', 'int'],
      ['ANALYTICS_FORECAST_MIN', 'performanceAnalytics.forecastMinInteractions', 'int'],
      ['ANALYTICS_HORIZON', 'performanceAnalytics.forecastHorizon', 'int'],
      ['ANALYTICS_INTERACTION_RETENTION_DAYS', 'analytics.interactionRetentionDays', 'int'],
      ['ANALYTICS_LEGACY_EMPTY_HEALTH', 'performanceAnalytics.legacyEmptyHealth', 'bool'],
      ['ANALYTICS_MIN_POINTS', 'performanceAnalytics.minPoints', 'int'],
      ['ANALYTICS_STABLE_SLOPE', 'performanceAnalytics.stableSlope', 'number'],
      ['ANALYTICS_Z', 'performanceAnalytics.zThreshold', 'number'],
      ['AUDIT_CHECKPOINT_KEY', 'audit.checkpointKey', 'string'],
      ['AUDIT_PREVIOUS_CHECKPOINT_KEYS', 'audit.previousCheckpointKeys', 'list'],
      ['AUTOINTEL_AGENT_RUNTIME', 'autointel.agentRuntime', 'string'],
      ['AUTOINTEL_CONCURRENCY', 'autointel.concurrency', 'int'],
      ['AUTOINTEL_DEFAULT_MODE', 'autointel.defaultMode', 'string'],
      ['BANDITS_DEFAULT_ALGORITHM', 'bandits.defaultAlgorithm', 'string'],
      ['BODY_LIMIT_BYTES', 'server.bodyLimitBytes', 'int'],
      ['CONTENT_ALLOWED_CIDRS', 'content.allowedCidrs', 'list'],
      ['CONTENT_FILE_ROOTS', 'content.fileRoots', 'list'],
      ['CORS_ORIGINS', 'api.corsOrigins', 'list'],
      ['DATABASE_CONNECT_TIMEOUT_MS', 'persistence.connectTimeoutMs', 'int'],
      ['DATABASE_URL', 'persistence.databaseUrl', 'string'],
      ['DATA_DIR', 'persistence.dataDir', 'string'],
      ['DISCORD_WEBHOOK_URL', 'content.discordWebhookUrl', 'string'],
      ['DOCS_ENABLED', 'api.docs', 'bool'],
      ['DURABILITY', 'persistence.durability', 'string'],
      ['ENABLE_EXPERIMENTAL_DEPTH', 'autointel.experimentalDepth', 'bool'],
      ['ENABLE_PARALLEL_ANALYSIS', 'autointel.parallelAnalysis', 'bool'],
      ['ENABLE_PARALLEL_FACT_CHECKING', 'autointel.parallelFactChecking', 'bool'],
      ['ENABLE_PARALLEL_MEMORY_OPS', 'autointel.parallelMemoryOps', 'bool'],
      ['ENABLE_SEMANTIC_ROUTER', 'autointel.semanticRouter', 'bool'],
      ['FACT_CHECK_KB', 'content.factCheckKnowledgeBase', 'string'],
      ['FEEDBACK_BATCH_SIZE', 'feedback.batchSize', 'int'],
      ['FEEDBACK_DRAIN_MS', 'feedback.drainEveryMs', 'int'],
      ['GOOGLE_FACT_CHECK_API_KEY', 'content.googleFactCheckApiKey', 'string'],
      ['GRAPHIQL_ENABLED', 'api.graphiql', 'bool'],
      ['GRAPHQL_ENABLED', 'api.graphql', 'bool'],
      ['GROUP_COMMIT_MS', 'persistence.groupCommitMs', 'int'],
      ['HOST', 'server.host', 'string'],
      ['JOB_LOCK_MS', 'persistence.jobLockMs', 'int'],
      ['LLM_API_KEY', 'llm.apiKey', 'string'],
      ['LLM_BASE_URL', 'llm.baseUrl', 'string'],
      ['LLM_CHEAPER_MODEL', 'llm.cheaperModel', 'string'],
      ['LLM_MODEL', 'llm.model', 'string'],
      ['LOG_FILE', 'logging.file', 'string'],
      ['LOG_HTTP_REQUESTS', 'logging.httpRequests', 'bool'],
      ['LOG_LEVEL', 'logging.level', 'string'],
      ['MAX_CONCURRENT_TASKS', 'autointel.maxConcurrentTasks', 'int'],
      ['METRICS_DEFAULT', 'metrics.defaultMetrics', 'bool'],
      ['METRICS_PREFIX', 'metrics.prefix', 'string'],
      ['MISSION_DEFAULT_DEPTH', 'mission.defaultDepth', 'string'],
      ['MISSION_LLM_PLANNER', 'mission.llmPlanner', 'bool'],
      ['MONITORING_ENABLED', 'monitoring.enabled', 'bool'],
      ['ORCHESTRATION_CONTEXT_PROPAGATION', 'kernel.contextPropagation', 'bool'],
      ['ORCHESTRATION_MAX_DEPTH', 'kernel.maxDepth', 'int'],
      ['PARALLEL_EXECUTION_THRESHOLD', 'autointel.parallelThreshold', 'int'],
      ['PORT', 'server.port', 'int'],
      ['RATE_LIMIT_ENABLED', 'rateLimit.enabled', 'bool'],
      ['REDIS_PREFIX', 'persistence.redisPrefix', 'string'],
      ['REDIS_URL', 'persistence.redisUrl', 'string'],
      ['REQUEST_TIMEOUT_MS', 'server.requestTimeoutMs', 'int'],
      ['SECURITY_AUTH', 'security.auth', 'string'],
      ['SECURITY_BOOTSTRAP_KEY', 'security.bootstrapKey', 'string'],
      ['SECURITY_PEPPER', 'security.pepper', 'string'],
      ['SHUTDOWN_TIMEOUT_MS', 'kernel.shutdownTimeoutMs', 'int'],
      ['TAIL_EVERY_MS', 'persistence.tailEveryMs', 'int'],
      ['TELEMETRY_CYCLE_MS', 'telemetry.cycleEveryMs', 'int'],
      ['THREATS_AUTO_MITIGATION', 'threats.autoMitigation', 'bool'],
      ['THREATS_DEFAULT_MODE', 'threats.defaultMode', 'string'],
      ['TRACING_ENABLED', 'telemetry.tracing', 'bool'],
      ['TRACING_OTLP_URL', 'telemetry.otlpUrl', 'string'],
      ['TRACING_SAMPLE_RATIO', 'telemetry.samplingRatio', 'number'],
      ['TRAINING_AGENTS_FILE', 'training.agentsFile', 'string'],
      ['TRAINING_REPEATS', 'training.repeats', 'int'],
      ['TRAINING_SEED', 'training.seed', 'int'],
      ['TRAINING_WEEKLY_REPORT', 'training.weeklyReport', 'bool'],
      ['TRANSCRIPTION_API_KEY', 'content.transcriptionApiKey', 'string'],
      ['TRANSCRIPTION_MODEL', 'content.transcriptionModel', 'string'],
      ['TRANSCRIPTION_URL', 'content.transcriptionUrl', 'string'],
      ['WEBHOOK_PREVIOUS_SECRET', 'webhooks.outboundPreviousSecret', 'string'],
      ['WEBHOOK_SECRET', 'webhooks.outboundSecret', 'string'],
      ['WHISPER_MODEL', 'content.whisperModel', 'string'],
      ['YTDLP', 'content.ytDlp', 'string'],
    ]);
  });

  it('reads the repository config folder', () => {
    const sut = loadConfig({ dir: join(__dirname, '../../config'), env: { NODE_ENV: 'test' } });
    expect([
      sut.logging.level,
      sut.logging.httpRequests,
      sut.kernel.shutdownTimeoutMs,
      sut.telemetry.cycleEveryMs,
    ]).toEqual(['silent', false, 1000, 0]);
    expect(sut.persistence).toMatchObject({ dataDir: './data', connectTimeoutMs: 10000, purgeEveryMs: 60000 });
  });
});
