import type { FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { lazyPort } from '../../core/lazy/lazy-port';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { RESILIENCE, type ResiliencePort } from '../../core/ports/resilience.port';
import { WEBHOOK_SIGNER, type WebhookSignerPort } from '../../core/ports/webhook-signer.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import { resilientCall } from '../content';
import { DiscordWebhookProgress, type ProgressPort } from '../crew';
import { AUTOINTEL_CHANNEL, EXTRA_PROGRESS, type ExtraProgressFactory } from './autointel.service';

/** Run signals between instances over Redis pub/sub; none in embedded mode. */
export const autointelChannelProvider: FactoryProvider = {
  provide: AUTOINTEL_CHANNEL,
  useFactory: (redis: RedisConnection | null, config: AppConfig) =>
    redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'autointel:runs') : null,
  inject: [REDIS_CONNECTION, AppConfig],
};

/**
 * Each run's progress also goes to the Discord webhook when one is configured, through the resilience port, signed
 * through the `WEBHOOK_SIGNER` port (unsigned when no module provides it or it has no secret).
 */
export const extraProgressProvider: FactoryProvider = {
  provide: EXTRA_PROGRESS,
  useFactory: (config: AppConfig, moduleRef: ModuleRef): ExtraProgressFactory => {
    const url = config.content.discordWebhookUrl;
    if (!url) return () => [];
    const resilience = lazyPort<ResiliencePort>(moduleRef, RESILIENCE);
    const guarded = resilientCall(() => resilience.tryGet(), 'content.discord');
    const signer = lazyPort<WebhookSignerPort>(moduleRef, WEBHOOK_SIGNER);
    return () => {
      const discord = new DiscordWebhookProgress({ webhookUrl: url, signer: () => signer.tryGet() });
      const port: ProgressPort = {
        post: (text, o) => guarded(() => discord.post(text, o)),
        edit: (text, o) => guarded(() => discord.edit(text, o)),
        isOpen: () => discord.isOpen(),
      };
      return [port];
    };
  },
  inject: [AppConfig, ModuleRef],
};
