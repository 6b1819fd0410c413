import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { WebhookSignerPort } from '../../../core/ports/webhook-signer.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../../core/runtime/id-generator';
import { WebhookSigner } from './webhook-signer';
import { WebhooksConfig } from './webhooks.config';

/**
 * The `WEBHOOK_SIGNER` port: signs each outgoing delivery with `webhooks.outboundSecret` (and
 * `outboundPreviousSecret` during a rotation), under a new id `msg_<uuid>` and the clock's current second. Without a
 * secret it returns no headers, and says so once at boot.
 */
@Injectable()
export class OutboundWebhookSigner implements WebhookSignerPort, OnApplicationBootstrap {
  private readonly logger = new Logger(OutboundWebhookSigner.name);
  private readonly signer: WebhookSigner | undefined;

  constructor(
    config: WebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    this.signer = config.outboundSecret
      ? new WebhookSigner(config.outboundSecret, config.outboundPreviousSecret)
      : undefined;
  }

  /** Whether outgoing webhooks are signed (a secret is configured). */
  get signing(): boolean {
    return this.signer !== undefined;
  }

  headersFor(body: string | Uint8Array): Readonly<Record<string, string>> {
    if (!this.signer) return {};
    return this.signer.sign(`msg_${this.ids.uuid()}`, Math.floor(this.clock.now() / 1000), body);
  }

  onApplicationBootstrap(): void {
    if (this.signer) return;
    this.logger.warn({
      event: 'outbound_webhooks_unsigned',
      detail: 'webhooks the service sends carry no signature: set webhooks.outboundSecret (env WEBHOOK_SECRET)',
    });
  }
}
