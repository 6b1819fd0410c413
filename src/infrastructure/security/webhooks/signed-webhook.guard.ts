import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { AUDIT_LOG, AuditDecision, type AuditLogPort, type AuditSeverity } from '../../../core/ports/audit-log.port';
import { SignedWebhookSetupError } from './signed-webhook-setup.error';
import { WebhookRejection } from './webhook-verifier';
import { WebhookVerifiers } from './webhook-verifiers';

/** Route metadata: the `webhooks.inbound` source whose secrets sign the route's requests. */
export const SIGNED_WEBHOOK_SOURCE = 'crew:signed-webhook';

/** What the guard leaves on the request once a delivery is verified (read it with `@WebhookDelivery()`). */
export interface VerifiedWebhook {
  readonly source: string;
  /** The sender's message id: unique per message, the same when the sender resends it. */
  readonly id: string;
  readonly timestampSeconds: number;
}

/** The request as the guard sees it: Nest keeps the unparsed body as `rawBody` when the app has `rawBody: true`. */
export type WebhookRequest = FastifyRequest & { rawBody?: Buffer; webhook?: VerifiedWebhook };

/** An unsigned call is noise; a stale one may be a slow sender; a wrong signature or a replay is an attack. */
const SEVERITY: Readonly<Record<WebhookRejection, AuditSeverity>> = {
  [WebhookRejection.MissingHeaders]: 'low',
  [WebhookRejection.TimestampOutOfTolerance]: 'medium',
  [WebhookRejection.BadSignature]: 'high',
  [WebhookRejection.Replayed]: 'high',
};

/**
 * Verifies the Standard Webhooks signature of a `@SignedWebhook('<source>')` route against the raw body before the
 * handler runs. A refused delivery is answered 401 with the failed check in the error (`Webhook rejected:
 * replayed`) and recorded in the audit log (when one is provided); a replay cache that does not answer gives 503,
 * so the sender retries later. Needs the app created with `rawBody: true`.
 */
@Injectable()
export class SignedWebhookGuard implements CanActivate {
  private readonly logger = new Logger(SignedWebhookGuard.name);
  private readonly audit: LazyPort<AuditLogPort>;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifiers: WebhookVerifiers,
    moduleRef: ModuleRef,
  ) {
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const source = this.reflector.getAllAndOverride<string | undefined>(SIGNED_WEBHOOK_SOURCE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (source === undefined) throw new SignedWebhookSetupError('SignedWebhookGuard needs @SignedWebhook(<source>)');
    const verifier = this.verifiers.get(source);
    if (!verifier) {
      throw new SignedWebhookSetupError(`Webhook source "${source}" has no secrets: set webhooks.inbound.${source}`);
    }
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    const result = await verifier.verify(request.headers, rawBodyOf(request)).catch((e: unknown) => {
      this.logger.warn({ event: 'webhook_replay_check_failed', source, err: (e as Error).message });
      throw new ServiceUnavailableException('Webhook replay check unavailable; retry later');
    });
    if (result.ok) {
      request.webhook = { source, id: result.id, timestampSeconds: result.timestampSeconds };
      return true;
    }
    this.audit.tryGet()?.record({
      actor: `webhook:${source}`,
      action: 'webhook_rejected',
      resource: `${request.method} ${request.routeOptions.url ?? request.url}`,
      decision: AuditDecision.Deny,
      reason: result.reason,
      severity: SEVERITY[result.reason],
      requestId: request.id,
      extra: { source, ...(result.id === undefined ? {} : { webhookId: result.id }) },
    });
    throw new UnauthorizedException(`Webhook rejected: ${result.reason}`);
  }
}

/** The body exactly as received; a request without a body is the empty string of bytes. */
function rawBodyOf(request: WebhookRequest): Buffer {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (request.body === undefined || request.body === null) return Buffer.alloc(0);
  throw new SignedWebhookSetupError(
    `The raw body of ${request.method} ${request.url} was not kept: create the app with { rawBody: true }, and ` +
      `register a parser for ${String(request.headers['content-type'])} with app.useBodyParser() if it is not JSON`,
  );
}
