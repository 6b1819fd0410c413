import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import type { CheckErrorKind, CheckOutcome, Platform } from '../monitoring.types';

/**
 * The monitoring engine's Prometheus metrics. Labels are only enumerations (platform, status, error kind); per
 * source figures are served by the status operation, not as labels.
 */
@Injectable()
export class MonitoringMetrics {
  private readonly checks: Counter<'platform' | 'status'>;
  private readonly contentFound: Counter<'platform'>;
  private readonly errors: Counter<'platform' | 'kind'>;
  private readonly duration: Histogram<'platform'>;
  private readonly lastCheck: Gauge<'platform'>;
  private readonly notModified: Counter<'platform'>;
  private readonly itemsNew: Counter<'platform'>;
  private readonly runsStarted: Counter<'platform'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.checks = new Counter({
      name: registry.name('monitoring_checks_total'),
      help: 'Source checks, by platform and status (ok, not_modified, error)',
      labelNames: ['platform', 'status'],
      registers,
    });
    this.contentFound = new Counter({
      name: registry.name('monitoring_content_found_total'),
      help: 'Feed entries listed by successful checks',
      labelNames: ['platform'],
      registers,
    });
    this.errors = new Counter({
      name: registry.name('monitoring_errors_total'),
      help: 'Failed checks, by platform and error kind',
      labelNames: ['platform', 'kind'],
      registers,
    });
    this.duration = new Histogram({
      name: registry.name('monitoring_check_duration_seconds'),
      help: 'Duration of one source check',
      labelNames: ['platform'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.lastCheck = new Gauge({
      name: registry.name('monitoring_last_check_timestamp'),
      help: 'Unix time (s) of the last check on the platform',
      labelNames: ['platform'],
      registers,
    });
    this.notModified = new Counter({
      name: registry.name('monitoring_http_not_modified_total'),
      help: 'Checks answered 304 Not Modified',
      labelNames: ['platform'],
      registers,
    });
    this.itemsNew = new Counter({
      name: registry.name('monitoring_items_new_total'),
      help: 'Items seen for the first time',
      labelNames: ['platform'],
      registers,
    });
    this.runsStarted = new Counter({
      name: registry.name('monitoring_runs_started_total'),
      help: 'Content runs started for new items',
      labelNames: ['platform'],
      registers,
    });
  }

  /** One finished check; an `ok` outcome rejected by the engine (emptied) is counted as the error it became. */
  checked(
    platform: Platform,
    outcome: CheckOutcome['status'],
    at: number,
    durationMs: number,
    detail: { listed: number; errorKind: CheckErrorKind | null },
  ): void {
    this.checks.inc({ platform, status: outcome });
    this.duration.observe({ platform }, durationMs / 1000);
    this.lastCheck.set({ platform }, at / 1000);
    if (outcome === 'not_modified') this.notModified.inc({ platform });
    if (outcome === 'ok') this.contentFound.inc({ platform }, detail.listed);
    if (detail.errorKind) this.errors.inc({ platform, kind: detail.errorKind });
  }

  itemsFound(platform: Platform, n: number): void {
    if (n > 0) this.itemsNew.inc({ platform }, n);
  }

  runStarted(platform: Platform): void {
    this.runsStarted.inc({ platform });
  }
}
