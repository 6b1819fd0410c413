import { Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { BANDITS } from '../../core/ports/bandits.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import { banditsConfig } from './bandits.config';
import { BanditsController } from './bandits.controller';
import { DurableBandits } from './bandits.durable';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsJournal } from './bandits.journal';
import { BanditsMetrics } from './bandits.metrics';
import { BanditsMigrations } from './bandits.migrations';
import { BanditsOrchestrator } from './bandits.orchestrator';
import { BanditsRepository } from './bandits.repository';
import { BanditsRetention } from './bandits.retention';
import { BanditsService } from './bandits.service';
import { BanditsStore } from './bandits.store';
import { BANDITS_CHANNEL, BanditsUpdates } from './bandits.updates';

const channel = {
  provide: BANDITS_CHANNEL,
  useFactory: (redis: RedisConnection | null, config: AppConfig) =>
    redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'bandits:changes') : null,
  inject: [REDIS_CONNECTION, AppConfig],
};

/**
 * The `advanced_bandits` orchestrator, its service (also the `BANDITS` port), store, updates (the scale-out queue
 * and channel), durable log (tables, journal, retention), evaluation and REST API.
 */
@Module({
  providers: [
    banditsConfig.provider,
    BanditsMetrics,
    BanditsMigrations,
    BanditsRepository,
    BanditsJournal,
    BanditsRetention,
    BanditsStore,
    channel,
    BanditsUpdates,
    DurableBandits,
    BanditsService,
    { provide: BANDITS, useExisting: BanditsService },
    BanditsEvaluation,
    BanditsOrchestrator,
  ],
  controllers: [BanditsController],
  exports: [BANDITS, BanditsService],
})
export class BanditsModule {}
