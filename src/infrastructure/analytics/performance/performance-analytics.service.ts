import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { INTERACTION_LOG, type InteractionLogPort } from '../../../core/ports/interaction-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { TelemetryService } from '../../telemetry/telemetry.service';
import type { InteractionSample } from './agent-series';
import { alertId, alertOf, initialState, stepRule, type Alert, type RuleState } from './alert-engine';
import { alertMetrics, type HostFigures } from './alert-metrics';
import { alertRulesSchema, DEFAULT_ALERT_RULES, type AlertRule } from './alert-rules';
import { AlertRepository } from './alert.repository';
import type { Analysis } from './analytics.model';
import { analyze } from './analyze';
import { PerformanceAnalyticsConfig } from './performance-analytics.config';
import { AnalyticsEvent } from './performance-analytics.events';
import { PerformanceAnalyticsMetrics } from './performance-analytics.metrics';
import { renderReport, type ReportFormat } from './report-renderer';

const HOUR = 3_600_000;

/** What one alert evaluation did. */
export interface Evaluation {
  readonly evaluatedAt: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly fired: readonly Alert[];
  readonly resolved: readonly string[];
  readonly pending: readonly string[];
  readonly states: readonly RuleState[];
}

/**
 * Performance analytics of a tenant's agents, read from the interaction log (the `INTERACTION_LOG` port; none
 * provided reads as no data) and the telemetry module's host figures, and the alert rules evaluated on it with
 * their state kept in the SQL store.
 */
@Injectable()
export class PerformanceAnalyticsService {
  private readonly logger = new Logger('PerformanceAnalytics');
  private readonly log: LazyPort<InteractionLogPort>;
  private readonly configRules: readonly AlertRule[];

  constructor(
    moduleRef: ModuleRef,
    private readonly config: PerformanceAnalyticsConfig,
    private readonly repo: AlertRepository,
    private readonly telemetry: TelemetryService,
    private readonly metrics: PerformanceAnalyticsMetrics,
    private readonly events: EventEmitter2,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.log = lazyPort(moduleRef, INTERACTION_LOG);
    this.configRules = config.rules === undefined ? DEFAULT_ALERT_RULES : alertRulesSchema.parse(config.rules);
  }

  /** The full analysis of the tenant's agents over the last `lookbackHours` (default the config's; 0 = all). */
  async analyze(tenantId: string, lookbackHours = this.config.lookbackHours): Promise<Analysis> {
    const now = this.clock.now();
    const buffers = await this.buffers(tenantId);
    const states = await this.repo.states(tenantId);
    const recentAlerts =
      lookbackHours > 0
        ? (await this.repo.alerts(tenantId, this.config.alertHistory, now - lookbackHours * HOUR)).length
        : await this.repo.countAlerts(tenantId);
    const rules = new Map((await this.rules(tenantId)).map((r) => [r.id, r]));
    const incidents = states.filter((s) => s.state === 'firing' && rules.get(s.ruleId)?.severity === 'critical');
    const analysis = analyze({ now, lookbackHours, buffers, incidents: incidents.length, recentAlerts }, this.config);
    this.metrics.analysis(analysis);
    this.events.emit(AnalyticsEvent.AnalysisCompleted, {
      tenantId,
      at: now,
      status: analysis.systemHealth.status,
      score: analysis.systemHealth.overallScore,
      anomalies: analysis.anomalies.detected,
    });
    return analysis;
  }

  async report(tenantId: string, format: ReportFormat, lookbackHours?: number): Promise<string> {
    return renderReport(await this.analyze(tenantId, lookbackHours), format);
  }

  /** The rules in force for the tenant: the configured (or built-in) ones, replaced or joined by the tenant's own. */
  async rules(tenantId: string): Promise<AlertRule[]> {
    const merged = new Map(this.configRules.map((r) => [r.id, r]));
    for (const r of await this.repo.rules(tenantId)) merged.set(r.id, r);
    return [...merged.values()];
  }

  async putRule(tenantId: string, rule: AlertRule): Promise<AlertRule> {
    await this.repo.putRule(tenantId, rule);
    this.events.emit(AnalyticsEvent.RulesChanged, { tenantId, ruleId: rule.id, change: 'put' });
    return rule;
  }

  async deleteRule(tenantId: string, ruleId: string): Promise<boolean> {
    const deleted = await this.repo.deleteRule(tenantId, ruleId);
    if (deleted) this.events.emit(AnalyticsEvent.RulesChanged, { tenantId, ruleId, change: 'delete' });
    return deleted;
  }

  /** Rule states (with how long a pending one has waited) and the newest alerts. */
  async alerts(tenantId: string, limit = 100) {
    const now = this.clock.now();
    const states = await this.repo.states(tenantId);
    return {
      states: states.map((s) => ({ ...s, elapsedMs: s.since === null ? null : now - s.since })),
      alerts: await this.repo.alerts(tenantId, limit),
    };
  }

  async acknowledge(tenantId: string, alertId: string, by: string): Promise<Alert | undefined> {
    const alert = await this.repo.acknowledge(tenantId, alertId, by, this.clock.now());
    if (alert) this.events.emit(AnalyticsEvent.AlertAcknowledged, { tenantId, alertId, by });
    return alert;
  }

  /** Analyses the last `alertLookbackHours` and steps every rule; stores the states and the alerts fired. */
  async evaluateAlerts(tenantId: string): Promise<Evaluation> {
    const analysis = await this.analyze(tenantId, this.config.alertLookbackHours);
    const now = this.clock.now();
    const values = alertMetrics(analysis, this.hostFigures());
    const rules = await this.rules(tenantId);
    const previous = new Map((await this.repo.states(tenantId)).map((s) => [s.ruleId, s]));
    const recommendations = [
      ...analysis.optimizationRecommendations.critical,
      ...analysis.optimizationRecommendations.high,
      ...analysis.optimizationRecommendations.medium,
    ].map((r) => r.title);
    const states: RuleState[] = [];
    const fired: Alert[] = [];
    const resolved: string[] = [];
    const pending: string[] = [];
    // Alerts of this second already stored: a new id must not collide with theirs.
    const sameSecond = new Set((await this.repo.alerts(tenantId, rules.length + 1, now - 1_000)).map((a) => a.id));
    for (const rule of rules) {
      const value = values[rule.metric];
      const step = stepRule(rule, value, previous.get(rule.id) ?? initialState(rule.id), now);
      states.push(step.state);
      if (step.pending) pending.push(rule.id);
      if (step.resolved) resolved.push(rule.id);
      if (step.fire && value !== undefined) {
        const id = alertId(rule.id, now, (x) => sameSecond.has(x) || fired.some((a) => a.id === x));
        fired.push(alertOf(rule, value, now, id, recommendations, analysis.analysisTimestamp));
      }
    }
    await this.repo.saveEvaluation(
      tenantId,
      states,
      fired,
      resolved.map((ruleId) => ({ ruleId, at: now })),
      this.config.alertHistory,
    );
    for (const ruleId of pending) this.events.emit(AnalyticsEvent.AlertPending, { tenantId, ruleId, at: now });
    for (const a of fired) {
      this.metrics.alert(a.ruleId, a.severity);
      this.logger.warn({ event: 'analytics_alert_fired', tenantId, ruleId: a.ruleId, alert: a.id });
      this.events.emit(AnalyticsEvent.AlertFired, { tenantId, alert: a });
    }
    for (const ruleId of resolved) this.events.emit(AnalyticsEvent.AlertResolved, { tenantId, ruleId, at: now });
    return { evaluatedAt: now, metrics: values, fired, resolved, pending, states };
  }

  /** Per agent its newest `bufferSize` interactions, oldest first; no log provided reads as no agents. */
  private async buffers(tenantId: string): Promise<Map<string, InteractionSample[]>> {
    const log = this.log.tryGet();
    const out = new Map<string, InteractionSample[]>();
    if (!log) return out;
    for (const agent of await log.agents(tenantId))
      out.set(agent, await log.list(tenantId, { agent, limit: this.config.bufferSize }));
    return out;
  }

  private hostFigures(): HostFigures {
    const last = (name: string) => this.telemetry.metrics.series().find((s) => s.name === name)?.last;
    return {
      cpuPercent: last('system.cpu.percent'),
      memoryPercent: last('system.memory.percent'),
      diskPercent: last('system.disk.percent'),
    };
  }
}
