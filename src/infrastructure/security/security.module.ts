import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { ACCESS_POLICY } from '../../core/ports/access-policy.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import { AccessPolicyService } from './access/access-policy.service';
import { FieldInspector } from './boundary/field-inspector';
import { PermissionGuard } from './boundary/permission.guard';
import { SecurityBoundary } from './boundary/security-boundary';
import { ApiKeyRepository } from './keys/api-key.repository';
import { API_KEY_CHANNEL, ApiKeyService } from './keys/api-key.service';
import { KEY_PEPPER, keyPepper } from './keys/pepper';
import { AuditModule } from './audit/audit.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { securityConfig } from './security.config';
import { FORCE_COOLDOWN } from './threats/mitigation.port';
import { ThreatsModule } from './threats/threats.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { SecurityBlocklistController } from './security-blocklist.controller';
import { SecurityController, SecurityKeysController } from './security.controller';
import { SecurityOrchestrator } from './security.orchestrator';

const channel = {
  provide: API_KEY_CHANNEL,
  useFactory: (redis: RedisConnection | null, config: AppConfig) =>
    redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'security:keys') : null,
  inject: [REDIS_CONNECTION, AppConfig],
};

/**
 * The security boundary and the `security` orchestrator: API keys (repository, service, the authentication hooks
 * `SecurityBoundary` installs on Fastify), the access policy (the `ACCESS_POLICY` port the facade checks
 * orchestrations with, and the global `PermissionGuard` for routes), the audit log (`AUDIT_LOG`), threat detection
 * and mitigation, rate limits and run admission, and the security routes.
 */
@Module({
  imports: [DiscoveryModule, AuditModule, ThreatsModule, RateLimitModule, WebhooksModule],
  providers: [
    {
      provide: FORCE_COOLDOWN,
      useFactory: (limits: RateLimitService) => async (keyId: string, seconds: number) => {
        await limits.forceCooldown(keyId, seconds);
      },
      inject: [RateLimitService],
    },
    securityConfig.provider,
    { provide: KEY_PEPPER, useFactory: keyPepper, inject: [AppConfig] },
    channel,
    ApiKeyRepository,
    AccessPolicyService,
    { provide: ACCESS_POLICY, useExisting: AccessPolicyService },
    ApiKeyService,
    FieldInspector,
    SecurityBoundary,
    { provide: APP_GUARD, useClass: PermissionGuard },
    SecurityOrchestrator,
  ],
  controllers: [SecurityKeysController, SecurityController, SecurityBlocklistController],
  exports: [ApiKeyService, SecurityBoundary, ACCESS_POLICY, AuditModule, RateLimitModule, WebhooksModule],
})
export class SecurityModule {}
