import { Module } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { WEBHOOK_SIGNER } from '../../../core/ports/webhook-signer.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../../core/queue/redis/redis-connection';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { InMemoryReplayCache } from './in-memory.replay-cache';
import { OutboundWebhookSigner } from './outbound-webhook.signer';
import { RedisReplayCache } from './redis.replay-cache';
import { REPLAY_CACHE } from './replay-cache';
import { SignedWebhookGuard } from './signed-webhook.guard';
import { WebhookVerifiers } from './webhook-verifiers';
import { WebhooksConfig, webhooksConfig } from './webhooks.config';

/**
 * Signed webhooks: the `WEBHOOK_SIGNER` port for outgoing ones, and {@link SignedWebhookGuard} with a verifier per
 * `webhooks.inbound` sender for incoming ones. Ids are remembered in Redis when the service has one (shared by
 * every instance), else in this process. Import it in the module whose controllers use `@SignedWebhook()`.
 */
@Module({
  providers: [
    webhooksConfig.provider,
    {
      provide: REPLAY_CACHE,
      useFactory: (config: WebhooksConfig, clock: Clock, redis: RedisConnection | null | undefined, app: AppConfig) =>
        redis
          ? new RedisReplayCache(redis.client, app.persistence.redisPrefix)
          : new InMemoryReplayCache(clock, config.replayCacheSize),
      inject: [WebhooksConfig, CLOCK, { token: REDIS_CONNECTION, optional: true }, AppConfig],
    },
    WebhookVerifiers,
    SignedWebhookGuard,
    OutboundWebhookSigner,
    { provide: WEBHOOK_SIGNER, useExisting: OutboundWebhookSigner },
  ],
  exports: [WebhookVerifiers, SignedWebhookGuard, WEBHOOK_SIGNER],
})
export class WebhooksModule {}
