import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { BreakerState } from './circuit-breaker';
import { ResilienceConfig } from './resilience.config';
import { ResilienceService } from './resilience.service';

interface OpenedMessage {
  readonly instance: string;
  readonly service: string;
  readonly openedAt: number;
}

/**
 * With Redis (`REDIS_URL`) and `resilience.shareBreakers`, a breaker opened here — by its own calls or an operator —
 * is announced on `<prefix>:resilience:breaker-opened`; the other instances open theirs (backdated to the same
 * moment) and each closes again on its own probes. Without Redis it does nothing.
 */
@Injectable()
export class BreakerBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BreakerBus.name);
  private readonly instance: string;
  private channel?: RedisChannel<OpenedMessage>;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    private readonly resilience: ResilienceService,
    private readonly config: AppConfig,
    private readonly options: ResilienceConfig,
  ) {
    this.instance = ids.uuid();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.redis || !this.options.shareBreakers) return;
    const channel = new RedisChannel<OpenedMessage>(
      this.redis,
      this.config.persistence.redisPrefix,
      'resilience:breaker-opened',
    );
    this.channel = channel;
    await channel.subscribe((message) => this.receive(message));
    this.resilience.onBreakerTransition((event) => {
      if (event.to !== BreakerState.Open || (event.cause !== 'calls' && event.cause !== 'manual')) return;
      const message: OpenedMessage = { instance: this.instance, service: event.service, openedAt: event.at };
      channel
        .publish(message)
        .catch((e: Error) =>
          this.logger.warn({ event: 'breaker_announce_failed', service: event.service, err: e.message }),
        );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }

  private receive(message: OpenedMessage): void {
    if (
      message.instance === this.instance ||
      typeof message.service !== 'string' ||
      typeof message.openedAt !== 'number'
    )
      return;
    const breaker = this.resilience.breaker(message.service);
    if (breaker.state !== BreakerState.Closed) return;
    breaker.forceOpen(message.openedAt, 'remote');
    this.logger.log({ event: 'breaker_opened_by_peer', service: message.service, peer: message.instance });
  }
}
