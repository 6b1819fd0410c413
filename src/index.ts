/**
 * Public API for extension authors: build a Nest module with `@Orchestrator()` providers against these types
 * and pass it to `createApp({ imports: [YourModule] })` (or import it into your own root module with
 * `AppModule.forRoot`).
 */
export * from './core/result/error-category';
export * from './core/result/step-result';
export * from './core/context/orchestration-context';
export { currentContext, runWithContext } from './core/context/context-storage';
export * from './core/orchestrator/orchestrator.types';
export { Orchestrator, getOrchestratorMeta } from './core/orchestrator/orchestrator.decorator';
export { BaseOrchestrator } from './core/orchestrator/base-orchestrator';
export { OrchestrationFacade } from './core/facade/orchestration.facade';
export { OrchestratorRegistrationError } from './core/facade/orchestrator-registration.error';
export { getOrchestrationFacade } from './core/facade/facade.accessor';
export { RequestCtx, RequestContextPipe } from './core/http/request-ctx.decorator';
export { requestTenant } from './core/http/request-tenant';
export { BodyLimit } from './core/http/body-limit.decorator';
export * from './core/security/principal';
export * from './core/security/permissions';
export { ACCESS_POLICY, type AccessPolicyPort, type AccessDecision } from './core/ports/access-policy.port';
export { AUDIT_LOG, type AuditLogPort, type AuditEvent, AuditDecision } from './core/ports/audit-log.port';
export type { AuditEntry } from './infrastructure/security/audit/audit.types';
export { SECURITY_EVENT_PREFIX } from './infrastructure/security/audit/audit-log.service';
export { dataOf, replyWith } from './core/http/feature-controller';
export { LazyPort, lazyPort, PortNotProvidedError } from './core/lazy/lazy-port';
export { BackgroundJobs, type JobOptions, type JobStatus, type JobTick } from './core/jobs/background-jobs';
export { AppConfig } from './core/config/app-config';
export {
  loadConfig,
  validateConfig,
  ConfigError,
  type ConfigFragment,
  type LoadConfigOptions,
} from './core/config/config.loader';
export { defineConfigSection, type ConfigSection, type ConfigSectionOptions } from './core/config/config-section';
export { ConfigSectionError } from './core/config/config-section.error';
export { MetricsRegistry } from './core/metrics/metrics.registry';
export * from './core/runtime/clock';
export * from './core/runtime/id-generator';
export * from './core/runtime/random';
export { CoreModule, type CoreModuleOptions } from './core/core.module';
export { AppModule, type AppModuleOptions } from './app.module';
export { createApp, type CreateAppOptions } from './app.factory';
export * from './core/ports/sql-database.port';
export * from './core/ports/key-value.port';
export * from './core/ports/job-queue.port';
export * from './core/ports/scheduler.port';
export { SqlMigrations } from './core/persistence/sql-migrations.decorator';
export { MigrationRunner } from './core/persistence/migration-runner';
export { PersistenceModule } from './core/persistence/persistence.module';
export { DatabaseOpenError } from './core/persistence/sql-database.factory';
export { DatabaseInUseError } from './core/persistence/database-in-use.error';
export { REDIS_CONNECTION, RedisOpenError, type RedisConnection } from './core/queue/redis/redis-connection';
export * from './core/ports/resilience.port';
export { resilient, Resilient } from './core/resilience/resilient';
export { ResilienceFailure } from './core/resilience/resilience-failure.error';
export { getResiliencePort } from './core/resilience/resilience.accessor';
export { HotCounter, HotGauge, HotHistogram } from './core/metrics/hot-path.metrics';
export {
  HierarchyTaskHandler,
  type TaskCall as HierarchyTaskCall,
  type TaskHandler as HierarchyTaskHandlerType,
} from './domain/crew/tasks/task-handler';
