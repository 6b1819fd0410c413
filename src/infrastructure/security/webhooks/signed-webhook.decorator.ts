import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { PublicRoute } from '../../../core/security/permissions';
import {
  SIGNED_WEBHOOK_SOURCE,
  SignedWebhookGuard,
  type VerifiedWebhook,
  type WebhookRequest,
} from './signed-webhook.guard';
import { WEBHOOK_SOURCE_NAME } from './webhooks.config';

/**
 * Marks a route (or every route of a controller) as a webhook from `source`: {@link SignedWebhookGuard} verifies
 * its Standard Webhooks signature with the secrets of `webhooks.inbound.<source>` before the handler runs. The
 * signature replaces the API key, so the route is also declared `@PublicRoute()`. The app must keep raw bodies
 * (`NestFactory.create(…, { rawBody: true })`).
 *
 * @example
 * @Post('hooks/github')
 * @SignedWebhook('github')
 * receive(@Body() event: GithubEventDto, @WebhookDelivery() delivery: VerifiedWebhook) { ... }
 */
export function SignedWebhook(source: string): MethodDecorator & ClassDecorator {
  if (!WEBHOOK_SOURCE_NAME.test(source)) throw new Error(`"${source}" is not a webhook source name (a-z, 0-9, _, -)`);
  return applyDecorators(SetMetadata(SIGNED_WEBHOOK_SOURCE, source), PublicRoute(), UseGuards(SignedWebhookGuard));
}

/** The verified delivery (source, id, timestamp) of a `@SignedWebhook()` route, e.g. to process each id once. */
export const WebhookDelivery = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VerifiedWebhook | undefined =>
    context.switchToHttp().getRequest<WebhookRequest>().webhook,
);
