import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { REPLAY_CACHE, type ReplayCache } from './replay-cache';
import { WebhookVerifier } from './webhook-verifier';
import { WebhooksConfig } from './webhooks.config';

/** One {@link WebhookVerifier} per sender of `webhooks.inbound`, sharing the replay cache and the tolerance. */
@Injectable()
export class WebhookVerifiers {
  private readonly bySource: ReadonlyMap<string, WebhookVerifier>;

  constructor(config: WebhooksConfig, @Inject(CLOCK) clock: Clock, @Inject(REPLAY_CACHE) replay: ReplayCache) {
    this.bySource = new Map(
      Object.entries(config.inbound).map(([source, { secrets }]) => [
        source,
        new WebhookVerifier({ source, secrets, toleranceSeconds: config.toleranceSeconds, clock, replay }),
      ]),
    );
  }

  /** The verifier of `source`, or undefined when `webhooks.inbound` does not name it. */
  get(source: string): WebhookVerifier | undefined {
    return this.bySource.get(source);
  }

  /** The configured sources, in configuration order. */
  sources(): string[] {
    return [...this.bySource.keys()];
  }
}
