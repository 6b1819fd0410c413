import { EventEmitter2 } from '@nestjs/event-emitter';
import { SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { testConfig } from '../../../test/fixtures/test-config';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import type { HostStatsSource } from './host-stats';
import { PromMirror } from './prom-mirror';
import { healthScore, TelemetryService } from './telemetry.service';
import { TelemetryTracing } from './telemetry-tracing';

const T0 = 1_800_000_000_000;
const stubHost: HostStatsSource = { collect: async () => ({ cpuPercent: 12.5, memoryPercent: 42, diskPercent: 70 }) };

describe(TelemetryService.name, () => {
  let clock: ManualClock;
  let tracing: TelemetryTracing;
  let registry: MetricsRegistry;
  let events: string[];

  function build(host: HostStatsSource = stubHost, telemetry: Record<string, unknown> = {}): TelemetryService {
    const config = testConfig({ telemetry });
    registry = MetricsRegistry.create(config.metrics);
    tracing = new TelemetryTracing(config.telemetry);
    const emitter = new EventEmitter2();
    events = [];
    emitter.onAny((name) => events.push(String(name)));
    return new TelemetryService(
      clock,
      sequentialIds('t'),
      host,
      tracing,
      new PromMirror(registry),
      emitter,
      config.telemetry,
    );
  }

  /** Ends a span of `ms` at the clock's time (the ring is fed by a local SDK provider, not the global one). */
  function span(name: string, ms: number, error = false, endAt = clock.now()): void {
    const tracer = new TracerProvider({ spanProcessors: [tracing.ring] }).getTracer('test');
    const s = tracer.startSpan(name, { startTime: new Date(endAt - ms) });
    if (error) s.setStatus({ code: SpanStatusCode.ERROR });
    s.end(new Date(endAt));
  }

  beforeEach(() => {
    clock = new ManualClock(T0);
  });

  it('runs a cycle on a fresh instance: 3 system gauges, no traces, nothing fires at 42 % memory ([FIX] B9.2)', async () => {
    const sut = build();
    const cycle = await sut.runCycle();
    expect(cycle.systemTelemetry).toEqual({
      systemMetrics: { cpuPercent: 12.5, memoryPercent: 42, diskPercent: 70 },
      collectedAt: T0,
    });
    expect(cycle.metricsSummary).toMatchObject({ totalMetrics: 3, scopes: { system: 3 }, types: { gauge: 3 } });
    expect(cycle.traceSummary).toEqual({
      totalTraces: 0,
      windowMs: 3_600_000,
      averageDurationMs: 0,
      minDurationMs: 0,
      maxDurationMs: 0,
      operations: {},
      statusDistribution: {},
      errorRate: 0,
    });
    expect(cycle.triggeredAlerts).toEqual([]);
    expect(cycle.telemetryHealth).toEqual({
      metricsBufferUsage: 0.0003,
      activeSpans: 0,
      completedTraces: 0,
      activeAlerts: 0,
      tracing: false,
    });
    expect(cycle.dashboardData?.panels.system_health).toMatchObject({
      overallHealthScore: 100,
      status: 'healthy',
      totalMetrics: 3,
      totalTraces: 0,
    });
  });

  it('mirrors points into Prometheus with dots as underscores, counters as _total and timers in seconds', async () => {
    const sut = build();
    await sut.collectSystem();
    sut.record('jobs.done', 2, 'counter', 'business', { queue: 'mail' });
    sut.record('jobs.done', 3, 'counter', 'business', { queue: 'mail' });
    sut.record('render.ms', 120, 'timer');
    expect(await registry.getSingleMetricAsString('system_memory_percent')).toContain(
      'system_memory_percent{scope="system"} 42',
    );
    expect(await registry.getSingleMetricAsString('jobs_done_total')).toContain(
      'jobs_done_total{scope="business",queue="mail"} 5',
    );
    expect(await registry.getSingleMetricAsString('render_seconds')).toContain(
      'render_seconds_sum{scope="application"} 0.12',
    );
  });

  it('summarises spans of 100 and 300 ms, one an error (B9.4)', () => {
    const sut = build();
    span('fetch', 100);
    span('store', 300, true);
    expect(sut.traceSummary()).toEqual({
      totalTraces: 2,
      windowMs: 3_600_000,
      averageDurationMs: 200,
      minDurationMs: 100,
      maxDurationMs: 300,
      operations: { fetch: 1, store: 1 },
      statusDistribution: { success: 1, error: 1 },
      errorRate: 0.5,
    });
  });

  it('fires the error-rate alert from real spans, emits an event, and resolves it by hand once (B9.5, B9.9)', () => {
    const sut = build();
    for (let i = 0; i < 18; i++) span('op', 10);
    span('op', 10, true);
    span('op', 10, true);
    const { fired } = sut.evaluateAlerts();
    expect(fired.map((a) => a.ruleId)).toEqual(['high_error_rate']);
    expect(events).toEqual(['telemetry.alert.fired']);
    expect(sut.alertSummary()).toMatchObject({
      totalActiveAlerts: 1,
      severityDistribution: { error: 1 },
      alertRulesCount: 3,
    });
    expect(sut.resolveAlert(fired[0].id)).toMatchObject({ resolvedBy: 'manual', resolvedAt: T0 });
    expect(sut.resolveAlert(fired[0].id)).toBeUndefined();
  });

  it('takes alerts raised by other features through the alert sink: one event each way, listed as active', () => {
    const sut = build();
    const alert = {
      key: 'monitoring:failing:t1:s1',
      ruleId: 'monitoring.check_failures',
      tenantId: 't1',
      severity: 'error' as const,
      title: 'Source checks failing',
      description: 'error share 0.75 ≥ 0.5 over the last 4 checks',
      value: 0.75,
    };
    expect(sut.raise(alert)).toBe(true);
    expect(sut.raise(alert)).toBe(false);
    expect(sut.alertSummary()).toMatchObject({ totalActiveAlerts: 1, severityDistribution: { error: 1 } });
    expect(sut.activeKeys('monitoring:')).toEqual(['monitoring:failing:t1:s1']);
    clock.advance(1000);
    expect(sut.clear('monitoring:failing:t1:s1')).toBe(true);
    expect(sut.clear('monitoring:failing:t1:s1')).toBe(false);
    expect(events).toEqual(['telemetry.alert.fired', 'telemetry.alert.resolved']);
    expect(sut.alertSummary()).toMatchObject({ totalActiveAlerts: 0 });
  });

  it('scores health 100 − error% − min(20, avg/100), healthy above 80, degraded above 60 (B9.7)', () => {
    expect(healthScore(0.1, 500)).toMatchObject({ overallHealthScore: 85, status: 'healthy' });
    expect(healthScore(0.3, 3000)).toMatchObject({ overallHealthScore: 50, status: 'critical' });
    expect(healthScore(0.2, 0).status).toBe('degraded');
    expect(healthScore(0.2, 0).overallHealthScore).toBe(80);
    expect(healthScore(0.4, 0).status).toBe('critical');
    expect(healthScore(2, 0).overallHealthScore).toBe(0);
  });

  it('answers undefined for an unknown dashboard and gives each dashboard its own panels ([FIX] T8, B9.9)', () => {
    const sut = build();
    expect(sut.dashboardData('nope')).toBeUndefined();
    const other = sut.createDashboard('ops', 'Ops', 'ops view');
    other.panels.pop();
    expect(sut.dashboardData('main_dashboard')?.dashboard.panels.map((p) => p.id)).toEqual([
      'system_health',
      'metrics_summary',
      'trace_summary',
      'alerts_summary',
      'performance_trends',
    ]);
    expect(Object.keys(sut.dashboardData('ops')!.panels)).toEqual([
      'system_health',
      'metrics_summary',
      'trace_summary',
      'alerts_summary',
    ]);
  });

  it('computes trends by regression from the spans, not constants ([FIX] T6)', () => {
    const sut = build();
    // Six 10-minute windows with 1, 2, …, 6 spans whose latency falls and whose errors vanish.
    for (let w = 0; w < 6; w++) {
      for (let i = 0; i <= w; i++) span('op', 600 - w * 100, w === 0, T0 - 3_600_000 + w * 600_000 + 1000 + i);
    }
    const trends = sut.trends();
    expect(trends.throughputTrend).toBe('increasing');
    expect(trends.latencyTrend).toBe('decreasing');
    expect(trends.errorRateTrend).toBe('decreasing');
    expect(trends.throughputPerSecond).toBeCloseTo(21 / 3600, 10);
    expect(trends.windows.map((w) => w.meanLatencyMs)).toEqual([600, 500, 400, 300, 200, 100]);
  });

  it('uses the alert rules of the configuration instead of the built-in ones', () => {
    const sut = build(stubHost, {
      alertRules: [
        {
          id: 'backlog',
          title: 'Backlog',
          severity: 'warning',
          selector: { source: 'metric', name: 'queue.waiting' },
          aggregate: 'max',
          operator: '>',
          threshold: 100,
          window: { ms: 60_000 },
        },
      ],
    });
    expect(sut.alerts.ruleIds()).toEqual(['backlog']);
    sut.record('queue.waiting', 50);
    expect(sut.evaluateAlerts().fired).toEqual([]);
    sut.record('queue.waiting', 150);
    expect(sut.evaluateAlerts().fired.map((a) => a.description)).toEqual(['max(queue.waiting) 150 > 100']);
  });

  it('keeps the cycle going when the host-stats source fails (B9.10)', async () => {
    const sut = build({ collect: async () => Promise.reject(new Error('statfs EACCES')) });
    const cycle = await sut.runCycle();
    expect(cycle.systemTelemetry).toEqual({ error: 'statfs EACCES' });
    expect(cycle.metricsSummary.totalMetrics).toBe(0);
    expect(cycle.dashboardData?.panels.system_health).toMatchObject({ status: 'healthy' });
  });
});
