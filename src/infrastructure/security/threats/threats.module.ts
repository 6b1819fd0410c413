import { Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { RedisChannel } from '../../../core/messaging/redis-channel';
import { SQL_DATABASE, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../../core/queue/redis/redis-connection';
import { Blocklist } from './blocklist';
import { BLOCKLIST_CHANNEL, BlocklistService } from './blocklist.service';
import { BLOCKLIST_STORE } from './blocklist.store';
import { EnforcingMitigation } from './enforcing.mitigation';
import { IncidentResponder } from './incident-responder';
import { THREAT_MITIGATION } from './mitigation.port';
import { SqlBlocklistStore } from './sql-blocklist.store';
import { SqlThreatStore } from './sql-threat.store';
import { ThreatService } from './threat.service';
import { THREAT_STORE } from './threat.store';
import { threatsConfig, ThreatsConfig } from './threats.config';
import { ThreatsLifecycle } from './threats.lifecycle';
import { ThreatsMetrics } from './threats.metrics';
import { ThreatsMigrations } from './threats.migrations';
import { VulnerabilityService } from './vulnerability.service';
import { cryptoRandom, THREAT_ID_RANDOM } from './threat-id';

/** The providers of threat detection, for a module that prefers listing them to importing {@link ThreatsModule}. */
export const THREATS_PROVIDERS: Provider[] = [
  threatsConfig.provider,
  { provide: THREAT_ID_RANDOM, useValue: cryptoRandom },
  ThreatsMetrics,
  ThreatsMigrations,
  {
    provide: THREAT_STORE,
    useFactory: (db: SqlDatabase, c: ThreatsConfig) => new SqlThreatStore(db.db, c.maxThreats),
    inject: [SQL_DATABASE, ThreatsConfig],
  },
  {
    provide: Blocklist,
    useFactory: (c: ThreatsConfig) => new Blocklist(c.maxBlocklistEntries),
    inject: [ThreatsConfig],
  },
  { provide: BLOCKLIST_STORE, useFactory: (db: SqlDatabase) => new SqlBlocklistStore(db.db), inject: [SQL_DATABASE] },
  {
    provide: BLOCKLIST_CHANNEL,
    useFactory: (redis: RedisConnection | null, config: AppConfig) =>
      redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'security:blocklist') : null,
    inject: [REDIS_CONNECTION, AppConfig],
  },
  BlocklistService,
  { provide: THREAT_MITIGATION, useClass: EnforcingMitigation },
  IncidentResponder,
  VulnerabilityService,
  ThreatService,
  ThreatsLifecycle,
];

/**
 * Threat detection, auto-mitigation, the blocklist, vulnerability ingestion and the security report. Threats and
 * the blocklist are stored in the SQL database (`SQL_DATABASE`: PGlite or PostgreSQL) and shared by the instances
 * using it; blocklist changes reach the other instances at once over Redis (`REDIS_CONNECTION`, null when
 * embedded). Needs the `AUDIT_LOG` port somewhere in the application, and `FORCE_COOLDOWN` for the `rate_limit`
 * action.
 */
@Module({
  providers: THREATS_PROVIDERS,
  exports: [ThreatService, VulnerabilityService, BlocklistService, ThreatsConfig],
})
export class ThreatsModule {}
