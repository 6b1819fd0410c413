import type { FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../core/config/app-config';
import { lazyPort } from '../../../core/lazy/lazy-port';
import { CONTENT_RUNS, type ContentRunsPort } from '../../../core/ports/content-runs.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../../core/queue/redis/redis-connection';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../../core/runtime/id-generator';
import { RANDOM_SOURCE, type RandomSource } from '../../../core/runtime/random';
import { MONITORING_ENGINE } from '../monitoring.engine';
import { MONITORING_STORE, type MonitoringStore } from '../monitoring.store';
import type { FeedWatcher } from '../monitoring.types';
import { WebSubSubscriptions } from '../websub/websub-subscriptions';
import { BullMqSourceJobs } from './bullmq-source-jobs';
import { RegistryCheckTimers } from './check-timers';
import { MonitoringMetrics } from './monitoring.metrics';
import { MonitoringScheduler } from './monitoring-scheduler';
import type { MonitoringScheduleConfig } from './schedule.config';

/** The installed watchers, one per platform (`readonly FeedWatcher[]`). */
export const FEED_WATCHERS = Symbol('FEED_WATCHERS');
/** The engine's {@link MonitoringScheduleConfig} (the `monitoring` section's schedule part). */
export const MONITORING_SCHEDULE_CONFIG = Symbol('MONITORING_SCHEDULE_CONFIG');

/**
 * Provides {@link MONITORING_ENGINE}: the scheduler on this instance's timers, or, when Redis is configured, on
 * BullMQ job schedulers shared by the instances. Events go through EventEmitter2; the content-runs port is
 * resolved on first use. Needs `MonitoringMetrics`, `FEED_WATCHERS`, `MONITORING_SCHEDULE_CONFIG`,
 * `MONITORING_STORE` and `WebSubSubscriptions` in the module.
 */
export const monitoringEngineProvider: FactoryProvider<MonitoringScheduler> = {
  provide: MONITORING_ENGINE,
  useFactory: (
    store: MonitoringStore,
    watchers: readonly FeedWatcher[],
    config: MonitoringScheduleConfig,
    metrics: MonitoringMetrics,
    events: EventEmitter2,
    moduleRef: ModuleRef,
    registry: SchedulerRegistry,
    redis: RedisConnection | null,
    app: AppConfig,
    clock: Clock,
    random: RandomSource,
    ids: IdGenerator,
    websub: WebSubSubscriptions,
  ) => {
    const runs = lazyPort<ContentRunsPort>(moduleRef, CONTENT_RUNS);
    return new MonitoringScheduler({
      store,
      watchers,
      runs: () => runs.get(),
      events,
      metrics,
      clock,
      random,
      ids,
      config,
      timers: new RegistryCheckTimers(registry, clock),
      distributed: redis
        ? new BullMqSourceJobs(redis, { prefix: app.persistence.redisPrefix, concurrency: config.maxConcurrentChecks })
        : null,
      websub: (source, state, hub) => websub.maintain(source, state, hub),
    });
  },
  inject: [
    MONITORING_STORE,
    FEED_WATCHERS,
    MONITORING_SCHEDULE_CONFIG,
    MonitoringMetrics,
    EventEmitter2,
    ModuleRef,
    SchedulerRegistry,
    REDIS_CONNECTION,
    AppConfig,
    CLOCK,
    RANDOM_SOURCE,
    ID_GENERATOR,
    WebSubSubscriptions,
  ],
};
