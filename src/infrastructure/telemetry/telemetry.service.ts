import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AlertSinkPort, RaisedAlert } from '../../core/ports/alert-sink.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { AlertEngine, DEFAULT_ALERT_RULES, type Alert, type AlertRule, type SpanSample } from './alert-engine';
import type { HostStats, HostStatsSource } from './host-stats';
import {
  MetricBuffer,
  type MetricPoint,
  type MetricScope,
  type MetricsSummary,
  type MetricType,
} from './metric-buffer';
import { PromMirror, type MirrorCell } from './prom-mirror';
import { TelemetryConfig } from './telemetry.config';
import { TelemetryTracing } from './telemetry-tracing';
import { direction, type TrendDirection } from './trends';

export const HOST_STATS = Symbol('HOST_STATS');

export const TelemetryEvents = {
  AlertFired: 'telemetry.alert.fired',
  AlertResolved: 'telemetry.alert.resolved',
} as const;

export interface TraceSummary {
  readonly totalTraces: number;
  readonly windowMs: number;
  readonly averageDurationMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  readonly operations: Record<string, number>;
  readonly statusDistribution: Record<string, number>;
  readonly errorRate: number;
}

export interface Panel {
  readonly id: string;
  readonly type: 'system_health' | 'metrics_summary' | 'trace_summary' | 'alerts_summary' | 'performance_trends';
  readonly title: string;
  readonly span: number;
  readonly height: number;
}

export interface Dashboard {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly panels: Panel[];
  readonly refreshIntervalS: number;
}

const DEFAULT_PANELS: readonly Panel[] = [
  { id: 'system_health', type: 'system_health', title: 'System Health Overview', span: 12, height: 300 },
  { id: 'metrics_summary', type: 'metrics_summary', title: 'Metrics Summary', span: 6, height: 250 },
  { id: 'trace_summary', type: 'trace_summary', title: 'Distributed Tracing', span: 6, height: 250 },
  { id: 'alerts_summary', type: 'alerts_summary', title: 'Active Alerts', span: 6, height: 200 },
  { id: 'performance_trends', type: 'performance_trends', title: 'Performance Trends', span: 6, height: 200 },
];

const HOUR = 3_600_000;

/**
 * The telemetry engine: a metric ring mirrored into Prometheus, the span ring of the tracer, typed alert rules,
 * host stats and dashboards computed from that data. One instance per application, so state, cooldowns and traces
 * persist between cycles.
 */
@Injectable()
export class TelemetryService implements AlertSinkPort {
  private readonly logger = new Logger('TelemetryOrchestrator');
  readonly metrics: MetricBuffer;
  readonly alerts: AlertEngine;
  private readonly dashboards = new Map<string, Dashboard>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    @Inject(HOST_STATS) private readonly host: HostStatsSource,
    private readonly tracing: TelemetryTracing,
    private readonly mirror: PromMirror,
    private readonly events: EventEmitter2,
    config: TelemetryConfig,
  ) {
    this.metrics = new MetricBuffer(config.metricBufferSize);
    this.alerts = new AlertEngine((config.alertRules as AlertRule[] | undefined) ?? DEFAULT_ALERT_RULES, ids);
    this.createDashboard(
      'main_dashboard',
      'Crew Orchestrator — Main Dashboard',
      'Health, metrics, traces, alerts and trends of this instance',
    );
  }

  record(
    name: string,
    value: number,
    type: MetricType = 'gauge',
    scope: MetricScope = 'application',
    tags: Record<string, string> = {},
  ): void {
    const point: MetricPoint = { name, value, type, scope, tags, at: this.clock.now() };
    const series = this.metrics.record(point);
    if (!series) return;
    // A series remembers its Prometheus cell: mirroring is then a number update, no label hashing.
    if (series.attachment === undefined) series.attachment = this.mirror.cellFor(point) ?? null;
    if (series.attachment) PromMirror.apply(series.attachment as MirrorCell, value);
  }

  /** Host CPU, memory and disk as gauges (scope system); a failing source yields `{ error }` and records nothing. */
  async collectSystem(): Promise<{ systemMetrics: HostStats; collectedAt: number } | { error: string }> {
    try {
      const stats = await this.host.collect();
      this.record('system.cpu.percent', stats.cpuPercent, 'gauge', 'system');
      this.record('system.memory.percent', stats.memoryPercent, 'gauge', 'system');
      this.record('system.disk.percent', stats.diskPercent, 'gauge', 'system');
      return { systemMetrics: stats, collectedAt: this.clock.now() };
    } catch (e) {
      this.logger.warn({ event: 'host_stats_failed', err: (e as Error).message });
      return { error: (e as Error).message || String(e) };
    }
  }

  metricsSummary(windowMs = HOUR, scope?: MetricScope): MetricsSummary {
    return this.metrics.summary(this.clock.now(), windowMs, scope);
  }

  /** Ended spans that started within the window; the same shape when there are none (unlike the original). */
  traceSummary(windowMs = HOUR): TraceSummary {
    const since = this.clock.now() - windowMs;
    const spans = this.tracing.ring.spans().filter((s) => s.startedAt > since);
    const operations: Record<string, number> = {};
    const statusDistribution: Record<string, number> = {};
    for (const s of spans) {
      operations[s.name] = (operations[s.name] ?? 0) + 1;
      statusDistribution[s.status] = (statusDistribution[s.status] ?? 0) + 1;
    }
    const durations = spans.map((s) => s.durationMs);
    const n = spans.length;
    return {
      totalTraces: n,
      windowMs,
      averageDurationMs: n ? durations.reduce((a, b) => a + b, 0) / n : 0,
      minDurationMs: n ? Math.min(...durations) : 0,
      maxDurationMs: n ? Math.max(...durations) : 0,
      operations,
      statusDistribution,
      errorRate: n ? (statusDistribution.error ?? 0) / n : 0,
    };
  }

  alertSummary() {
    const active = this.alerts.activeAlerts();
    const severityDistribution: Record<string, number> = {};
    for (const a of active) severityDistribution[a.severity] = (severityDistribution[a.severity] ?? 0) + 1;
    return {
      totalActiveAlerts: active.length,
      severityDistribution,
      alertRulesCount: this.alerts.ruleIds().length,
      activeAlerts: active.map(plain),
      recentAlerts: this.alerts.recent(5).map(plain),
    };
  }

  /** Runs the rules on the ended spans and recorded points; emits an event per alert fired or resolved. */
  evaluateAlerts(): { fired: Alert[]; resolved: Alert[] } {
    const spans: SpanSample[] = this.tracing.ring
      .spans()
      .map((s) => ({ durationMs: s.durationMs, error: s.status === 'error', endedAt: s.endedAt }));
    const result = this.alerts.evaluate(this.clock.now(), spans, this.metrics.points());
    for (const a of result.fired) this.fired(a);
    for (const a of result.resolved) this.events.emit(TelemetryEvents.AlertResolved, plain(a));
    return result;
  }

  /** Raises an alert evaluated by another feature (the alert-sink port): logged and emitted as a rule's is. */
  raise(input: RaisedAlert): boolean {
    const alert = this.alerts.raise(input, this.clock.now());
    if (!alert) return false;
    this.fired(alert);
    return true;
  }

  /** Resolves the raised alert with this key (its condition cleared). */
  clear(key: string): boolean {
    const alert = this.alerts.clearRaised(key, this.clock.now());
    if (!alert) return false;
    this.events.emit(TelemetryEvents.AlertResolved, plain(alert));
    return true;
  }

  activeKeys(prefix: string): string[] {
    return this.alerts.raisedKeys(prefix);
  }

  resolveAlert(id: string): Alert | undefined {
    const alert = this.alerts.resolve(id, this.clock.now());
    if (alert) this.events.emit(TelemetryEvents.AlertResolved, plain(alert));
    return alert;
  }

  private fired(a: Alert): void {
    this.logger.warn({
      event: 'alert_fired',
      alert: a.id,
      rule: a.ruleId,
      severity: a.severity,
      description: a.description,
      ...(a.tenantId ? { tenantId: a.tenantId } : {}),
    });
    this.events.emit(TelemetryEvents.AlertFired, plain(a));
  }

  /** A dashboard with its own copy of the default panels (the original shared one list between dashboards). */
  createDashboard(id: string, title: string, description: string): Dashboard {
    const dashboard: Dashboard = {
      id,
      title,
      description,
      panels: DEFAULT_PANELS.map((p) => ({ ...p })),
      refreshIntervalS: 30,
    };
    this.dashboards.set(id, dashboard);
    return dashboard;
  }

  dashboardIds(): string[] {
    return [...this.dashboards.keys()];
  }

  /** Every panel computed from data, or undefined for an unknown dashboard. */
  dashboardData(id: string, windowMs = HOUR) {
    const dashboard = this.dashboards.get(id);
    if (!dashboard) return undefined;
    const traces = this.traceSummary(windowMs);
    const panels: Record<string, unknown> = {};
    for (const panel of dashboard.panels) {
      switch (panel.type) {
        case 'system_health':
          panels[panel.id] = {
            ...healthScore(traces.errorRate, traces.averageDurationMs),
            totalMetrics: this.metricsSummary(windowMs).totalMetrics,
            totalTraces: traces.totalTraces,
          };
          break;
        case 'metrics_summary':
          panels[panel.id] = this.metricsSummary(windowMs);
          break;
        case 'trace_summary':
          panels[panel.id] = traces;
          break;
        case 'alerts_summary':
          panels[panel.id] = this.alertSummary();
          break;
        case 'performance_trends':
          panels[panel.id] = this.trends(windowMs);
          break;
      }
    }
    return { dashboard, panels, lastUpdated: this.clock.now() };
  }

  /** Throughput, latency and error rate per sixth of the window, and the direction of each by regression. */
  trends(
    windowMs = HOUR,
    buckets = 6,
  ): {
    throughputPerSecond: number;
    windows: { throughputPerSecond: number; meanLatencyMs: number; errorRate: number }[];
    throughputTrend: TrendDirection;
    latencyTrend: TrendDirection;
    errorRateTrend: TrendDirection;
  } {
    const now = this.clock.now();
    const width = windowMs / buckets;
    const groups = Array.from({ length: buckets }, () => ({ n: 0, ms: 0, errors: 0 }));
    for (const s of this.tracing.ring.spans()) {
      const k = Math.floor((s.endedAt - (now - windowMs)) / width);
      if (k < 0 || k >= buckets) continue;
      groups[k].n++;
      groups[k].ms += s.durationMs;
      if (s.status === 'error') groups[k].errors++;
    }
    const windows = groups.map((g) => ({
      throughputPerSecond: g.n / (width / 1000),
      meanLatencyMs: g.n ? g.ms / g.n : 0,
      errorRate: g.n ? g.errors / g.n : 0,
    }));
    const total = groups.reduce((a, g) => a + g.n, 0);
    return {
      throughputPerSecond: total / (windowMs / 1000),
      windows,
      throughputTrend: direction(windows.map((w) => w.throughputPerSecond)),
      latencyTrend: direction(windows.map((w) => w.meanLatencyMs)),
      errorRateTrend: direction(windows.map((w) => w.errorRate)),
    };
  }

  /** One cycle: host stats, alert rules, the main dashboard, the summaries and the buffers' state. */
  async runCycle() {
    const systemTelemetry = await this.collectSystem();
    const { fired } = this.evaluateAlerts();
    return {
      systemTelemetry,
      metricsSummary: this.metricsSummary(),
      traceSummary: this.traceSummary(),
      alertSummary: this.alertSummary(),
      triggeredAlerts: fired.map(plain),
      dashboardData: this.dashboardData('main_dashboard'),
      telemetryHealth: {
        metricsBufferUsage: this.metrics.usage,
        activeSpans: this.tracing.ring.active,
        completedTraces: this.tracing.ring.spans().length,
        activeAlerts: this.alerts.activeAlerts().length,
        tracing: this.tracing.enabled,
      },
    };
  }
}

/** `100 − error% − min(20, avgMs/100)`, clamped; healthy above 80, degraded above 60, else critical. */
export function healthScore(
  errorRate: number,
  averageMs: number,
): {
  overallHealthScore: number;
  status: 'healthy' | 'degraded' | 'critical';
  errorRatePercent: number;
  averageResponseTimeMs: number;
} {
  const score = Math.max(0, Math.min(100, 100 - errorRate * 100 - Math.min(20, averageMs / 100)));
  return {
    overallHealthScore: score,
    status: score > 80 ? 'healthy' : score > 60 ? 'degraded' : 'critical',
    errorRatePercent: errorRate * 100,
    averageResponseTimeMs: averageMs,
  };
}

function plain(a: Alert) {
  return { ...a };
}
