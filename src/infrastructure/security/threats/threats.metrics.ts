import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import type { MitigationAction, SecurityEventType, ThreatLevel } from './threat.types';

/**
 * `security_threats_total{type,level}` (threats detected) and `security_mitigations_total{action}` (actions
 * enforced). Both label sets are fixed lists (8 types × 4 levels, 4 actions); the tenant is not a label, reports
 * break threats down by tenant instead.
 */
@Injectable()
export class ThreatsMetrics {
  private readonly threats: Counter<'type' | 'level'>;
  private readonly mitigations: Counter<'action'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.threats = new Counter({
      name: registry.name('security_threats_total'),
      help: 'Security threats detected, by type and level',
      labelNames: ['type', 'level'],
      registers,
    });
    this.mitigations = new Counter({
      name: registry.name('security_mitigations_total'),
      help: 'Mitigation actions enforced against threats, by action',
      labelNames: ['action'],
      registers,
    });
  }

  threatDetected(type: SecurityEventType, level: ThreatLevel): void {
    this.threats.inc({ type, level });
  }

  mitigationApplied(action: MitigationAction): void {
    this.mitigations.inc({ action });
  }
}
