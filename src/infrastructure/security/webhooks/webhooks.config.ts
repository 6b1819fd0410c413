import { IsInt, IsOptional, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { defineConfigSection } from '../../../core/config/config-section';
import { webhookSecretProblem } from './webhook-secret';

/** The secrets one inbound sender signs with; two while it rotates. */
export interface InboundWebhookSource {
  readonly secrets: readonly string[];
}

/** A sender's name in `webhooks.inbound` and `@SignedWebhook()`: 1-64 lowercase letters, digits, _ or -. */
export const WEBHOOK_SOURCE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const MAX_SECRETS_PER_SOURCE = 4;

/**
 * What is wrong with the `inbound` mapping, as `inbound.<source>…` followed by the problem, or `undefined`. Only the
 * first problem is reported; secrets are never quoted.
 */
export function inboundProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'inbound must be a mapping of sources';
  for (const [source, entry] of Object.entries(value as Record<string, unknown>)) {
    const key = `inbound.${source}`;
    if (!WEBHOOK_SOURCE_NAME.test(source))
      return `${key}: a source name must be 1-64 lowercase letters, digits, _ or -`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${key} must be a mapping`;
    const extra = Object.keys(entry).find((k) => k !== 'secrets');
    if (extra !== undefined) return `${key}.${extra} is not a known configuration key`;
    const secrets = (entry as { secrets?: unknown }).secrets;
    if (!Array.isArray(secrets) || secrets.length < 1 || secrets.length > MAX_SECRETS_PER_SOURCE) {
      return `${key}.secrets must be a list of 1 to ${MAX_SECRETS_PER_SOURCE} secrets`;
    }
    for (const [i, secret] of secrets.entries()) {
      const problem = webhookSecretProblem(secret);
      if (problem) return `${key}.secrets[${i}] ${problem}`;
    }
  }
  return undefined;
}

function IsWebhookSecret(): PropertyDecorator {
  return ValidateBy({
    name: 'isWebhookSecret',
    validator: {
      validate: (value: unknown) => webhookSecretProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'secret'} ${webhookSecretProblem(args?.value) ?? 'is invalid'}`,
    },
  });
}

function IsInboundSources(): PropertyDecorator {
  return ValidateBy({
    name: 'isInboundSources',
    validator: {
      validate: (value: unknown) => inboundProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => inboundProblem(args?.value) ?? 'inbound is invalid',
    },
  });
}

function OnlyWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'onlyWith',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        (args?.object as Record<string, unknown> | undefined)?.[other] !== undefined,
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} is set but ${other} is not`,
    },
  });
}

/**
 * Signed webhooks (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`). Secrets are
 * `whsec_` followed by the base64 of at least 24 random bytes, e.g. `echo whsec_$(openssl rand -base64 32)`.
 */
export class WebhooksConfig {
  /** Signs every webhook the service sends. Unset: they go out unsigned, which is logged once at boot. */
  @IsOptional() @IsWebhookSecret() outboundSecret?: string;
  /** During a rotation, the secret being retired: each webhook then carries a signature with each secret. */
  @IsOptional() @IsWebhookSecret() @OnlyWith('outboundSecret') outboundPreviousSecret?: string;
  // A mapping with names chosen by the operator: validated by hand, since class-validator has no record type.
  /** Senders allowed to call `@SignedWebhook('<source>')` routes, by name: `<source>: { secrets: [whsec_…] }` (1–4 secrets; any one verifies). */
  @JSONSchema(() => ({ type: 'object' }))
  @IsInboundSources()
  inbound: Record<string, InboundWebhookSource> = {};
  /** Largest accepted distance, in seconds and either direction, between a webhook's timestamp and the clock. Default 300. */
  @IsInt() @Min(1) @Max(3600) toleranceSeconds = 300;
  /** Webhook ids remembered (per instance without Redis) to refuse replays; each for twice the tolerance. Default 10000. */
  @IsInt() @Min(100) @Max(10_000_000) replayCacheSize = 10_000;
}

export const webhooksConfig = defineConfigSection({
  key: 'webhooks',
  schema: WebhooksConfig,
  env: { outboundSecret: 'WEBHOOK_SECRET', outboundPreviousSecret: 'WEBHOOK_PREVIOUS_SECRET' },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    webhooks: WebhooksConfig;
  }
}
