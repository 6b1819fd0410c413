import { Module, type Provider } from '@nestjs/common';
import { Blocklist } from './blocklist';
import { EnforcingMitigation } from './enforcing.mitigation';
import { InMemoryThreatStore } from './in-memory-threat.store';
import { IncidentResponder } from './incident-responder';
import { THREAT_MITIGATION } from './mitigation.port';
import { ThreatService } from './threat.service';
import { THREAT_STORE } from './threat.store';
import { threatsConfig, ThreatsConfig } from './threats.config';
import { ThreatsLifecycle } from './threats.lifecycle';
import { ThreatsMetrics } from './threats.metrics';
import { VulnerabilityService } from './vulnerability.service';
import { cryptoRandom, THREAT_ID_RANDOM } from './threat-id';

/** The providers of threat detection, for a module that prefers listing them to importing {@link ThreatsModule}. */
export const THREATS_PROVIDERS: Provider[] = [
  threatsConfig.provider,
  { provide: THREAT_ID_RANDOM, useValue: cryptoRandom },
  ThreatsMetrics,
  {
    provide: Blocklist,
    useFactory: (c: ThreatsConfig) => new Blocklist(c.maxBlocklistEntries),
    inject: [ThreatsConfig],
  },
  {
    provide: THREAT_STORE,
    useFactory: (c: ThreatsConfig) => new InMemoryThreatStore(c.maxThreats),
    inject: [ThreatsConfig],
  },
  { provide: THREAT_MITIGATION, useClass: EnforcingMitigation },
  IncidentResponder,
  VulnerabilityService,
  ThreatService,
  ThreatsLifecycle,
];

/**
 * Threat detection, auto-mitigation, the blocklist, vulnerability ingestion and the security report. Needs the
 * `AUDIT_LOG` port somewhere in the application, and `FORCE_COOLDOWN` for the `rate_limit` action.
 */
@Module({
  providers: THREATS_PROVIDERS,
  exports: [ThreatService, VulnerabilityService, Blocklist, ThreatsConfig],
})
export class ThreatsModule {}
