import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { OrchestrationFacade } from './facade/orchestration.facade';
import { BackgroundJobs } from './jobs/background-jobs';
import type { Logger as PinoInstance } from 'pino';
import { createRootLogger, loggerParams } from './logging/logger.params';
import { MetricsRegistry } from './metrics/metrics.registry';
import { OrchestrationMetrics } from './metrics/orchestration.metrics';
import { CLOCK, systemClock, type Clock } from './runtime/clock';
import { ID_GENERATOR, randomIds, type IdGenerator } from './runtime/id-generator';
import { mathRandom, RANDOM_SOURCE, type RandomSource } from './runtime/random';

export interface CoreModuleOptions {
  /** The validated configuration (see `loadConfig`). */
  readonly config: AppConfig;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly random?: RandomSource;
  /** The root pino logger; created from `config.logging` when absent. */
  readonly logger?: PinoInstance;
}

/**
 * The kernel, global: configuration, clock/ids/random sources, logging, metrics, background jobs and the
 * orchestration facade with discovery.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const ids = options.ids ?? randomIds;
    return {
      module: CoreModule,
      imports: [
        DiscoveryModule,
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' }),
        LoggerModule.forRoot(loggerParams(options.logger ?? createRootLogger(options.config))),
      ],
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: ids },
        { provide: RANDOM_SOURCE, useValue: options.random ?? mathRandom },
        {
          provide: MetricsRegistry,
          useFactory: (config: AppConfig) => MetricsRegistry.create(config.metrics),
          inject: [AppConfig],
        },
        {
          provide: OrchestrationMetrics,
          useFactory: (registry: MetricsRegistry) => new OrchestrationMetrics(registry),
          inject: [MetricsRegistry],
        },
        OrchestrationFacade,
        BackgroundJobs,
      ],
      exports: [
        AppConfig,
        CLOCK,
        ID_GENERATOR,
        RANDOM_SOURCE,
        MetricsRegistry,
        OrchestrationMetrics,
        OrchestrationFacade,
        BackgroundJobs,
      ],
    };
  }
}
