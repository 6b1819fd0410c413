import { Logger, Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { AUDIT_LOG } from '../../../core/ports/audit-log.port';
import { AuditLogService } from './audit-log.service';
import { auditConfig, AuditConfig } from './audit.config';
import { AuditMetrics } from './audit.metrics';
import { AuditMigrations } from './audit.migrations';
import { AuditRepository } from './audit.repository';
import { resolveCheckpointKey } from './checkpoint-key.resolver';
import { CheckpointKeyring } from './checkpoint-keyring';

/** The checkpoint keyring, resolved once at boot; a missing key with PostgreSQL fails the boot (a ConfigError). */
const checkpointKeyringProvider: Provider = {
  provide: CheckpointKeyring,
  useFactory: (audit: AuditConfig, config: AppConfig) => {
    const resolved = resolveCheckpointKey(audit, config.persistence);
    const logger = new Logger('AuditCheckpointKey');
    if (resolved.warning) logger.warn({ event: 'audit_checkpoint_key_mode', message: resolved.warning });
    logger.log({
      event: 'audit_checkpoint_key',
      source: resolved.source,
      key_id: resolved.keyring.currentKeyId,
      ...(resolved.path ? { path: resolved.path } : {}),
    });
    return resolved.keyring;
  },
  inject: [AuditConfig, AppConfig],
};

/**
 * Everything the audit log needs, for a module that hosts it (the security module) to list in its providers.
 * Needs the kernel's global providers (`AppConfig`, `CLOCK`, `MetricsRegistry`, `BackgroundJobs`) and
 * `SQL_DATABASE`.
 */
export const AUDIT_PROVIDERS: Provider[] = [
  auditConfig.provider,
  AuditMigrations,
  AuditMetrics,
  checkpointKeyringProvider,
  AuditRepository,
  AuditLogService,
  { provide: AUDIT_LOG, useExisting: AuditLogService },
];

/** The tamper-evident audit log: `AuditLogService`, also as the `AUDIT_LOG` port. */
@Module({
  providers: AUDIT_PROVIDERS,
  exports: [AuditLogService, AUDIT_LOG],
})
export class AuditModule {}
