import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { SEVERITIES, type Analysis } from './analytics.model';

/** Performance analytics' Prometheus metrics; labels are enumerations or configured rule ids, never tenants. */
@Injectable()
export class PerformanceAnalyticsMetrics {
  private readonly health: Gauge;
  private readonly anomalies: Counter<'severity'>;
  private readonly alerts: Counter<'rule' | 'severity'>;
  private readonly coverage: Gauge;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.health = new Gauge({
      name: registry.name('analytics_health_score'),
      help: 'Health score (0–1) of the latest analysis that had data',
      registers,
    });
    this.anomalies = new Counter({
      name: registry.name('analytics_anomalies_total'),
      help: 'Anomalies reported by analyses, by severity',
      labelNames: ['severity'],
      registers,
    });
    this.alerts = new Counter({
      name: registry.name('analytics_alerts_total'),
      help: 'Alerts fired by the analytics alert rules, by rule and severity',
      labelNames: ['rule', 'severity'],
      registers,
    });
    this.coverage = new Gauge({
      name: registry.name('analytics_interval_coverage'),
      help: 'Share of past one-step forecast intervals that held the value (latest analysis with forecasts)',
      registers,
    });
  }

  analysis(a: Analysis): void {
    if (a.systemHealth.overallScore !== null) this.health.set(a.systemHealth.overallScore);
    for (const severity of SEVERITIES)
      if (a.anomalies[severity] > 0) this.anomalies.inc({ severity }, a.anomalies[severity]);
    if (a.intervalCoverage !== null) this.coverage.set(a.intervalCoverage);
  }

  alert(rule: string, severity: string): void {
    this.alerts.inc({ rule, severity });
  }
}
