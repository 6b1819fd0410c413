import type { KernelConfig, LoggingConfig, MetricsConfig, PersistenceConfig, ServerConfig } from './kernel.config';

/**
 * The whole validated configuration, one property per declared section (`loadConfig`, `validateConfig`). The
 * kernel's own sections are listed here; the file that declares a feature's section adds it to this type with
 * `declare module '…/app-config' { interface AppConfig { bandits: BanditsConfig } }`, so that code holding the
 * whole configuration (the entry point, the CLI, tests) sees it typed. Features inject their section's class.
 */
export class AppConfig {
  server!: ServerConfig;
  logging!: LoggingConfig;
  kernel!: KernelConfig;
  metrics!: MetricsConfig;
  persistence!: PersistenceConfig;
}
