import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { BaseOrchestrator } from '../../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { alertRuleSchema, ruleProblems } from './alert-rules';
import { PerformanceAnalyticsConfig } from './performance-analytics.config';
import { PerformanceAnalyticsService } from './performance-analytics.service';
import { REPORT_FORMATS, type ReportFormat } from './report-renderer';

export const PERFORMANCE_ANALYTICS_ORCHESTRATOR = 'performance_analytics';
export const ALERT_LOOP_JOB = 'performance_analytics.alerts';

export const PERFORMANCE_ANALYTICS_OPERATIONS = [
  'analyze',
  'report',
  'alerts',
  'rules',
  'put_rule',
  'delete_rule',
  'acknowledge',
  'evaluate_alerts',
] as const;
type Operation = (typeof PERFORMANCE_ANALYTICS_OPERATIONS)[number];

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The `performance_analytics` orchestrator (infrastructure, monitoring): `{ operation, … }` on the tenant's agent
 * analytics. `analyze` and `report` take `lookbackHours` (0 = all; `report` also `format`: json, markdown, html);
 * `put_rule` takes `rule`, `delete_rule` `ruleId`, `acknowledge` `alertId`. The alert loop is a kernel job
 * (`performanceAnalytics.alertLoop`, every `alertLoopEveryMs`) over `alertTenants`.
 */
@Orchestrator({
  name: PERFORMANCE_ANALYTICS_ORCHESTRATOR,
  layer: 'infrastructure',
  type: 'monitoring',
  description: 'Trends, anomalies, forecasts, health, recommendations and alert rules on agent interactions',
  permissions: {
    run: 'performance_analytics.read',
    operations: {
      analyze: 'performance_analytics.run',
      evaluate_alerts: 'performance_analytics.run',
      put_rule: 'performance_analytics.admin',
      delete_rule: 'performance_analytics.admin',
      acknowledge: 'performance_analytics.admin',
    },
  },
})
@Injectable()
export class PerformanceAnalyticsOrchestrator extends BaseOrchestrator implements OnApplicationBootstrap {
  constructor(
    private readonly analytics: PerformanceAnalyticsService,
    private readonly jobs: BackgroundJobs,
    private readonly config: PerformanceAnalyticsConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    if (!this.config.alertLoop) return;
    this.jobs.register(ALERT_LOOP_JOB, { everyMs: this.config.alertLoopEveryMs }, async () => {
      for (const tenant of this.config.alertTenants) await this.analytics.evaluateAlerts(tenant);
    });
  }

  async orchestrate(ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult> {
    const operation: unknown = input.operation ?? 'analyze';
    if (typeof operation !== 'string' || !(PERFORMANCE_ANALYTICS_OPERATIONS as readonly string[]).includes(operation))
      return fail(
        'validation',
        `Unknown operation: ${String(operation)} (operation must be one of ${PERFORMANCE_ANALYTICS_OPERATIONS.join(', ')})`,
      );
    const tenant = ctx.tenantId;
    const lookback = input.lookbackHours;
    if (lookback !== undefined && !(typeof lookback === 'number' && lookback >= 0 && lookback <= 8_760))
      return fail('validation', 'lookbackHours must be a number from 0 to 8760');
    const hours = lookback;
    switch (operation as Operation) {
      case 'analyze':
        return ok(await this.analytics.analyze(tenant, hours));
      case 'report': {
        const format = input.format ?? 'json';
        if (!(REPORT_FORMATS as readonly unknown[]).includes(format))
          return fail('validation', `format must be one of ${REPORT_FORMATS.join(', ')}`);
        const body = await this.analytics.report(tenant, format as ReportFormat, hours);
        return ok({ format, body });
      }
      case 'alerts':
        return ok(await this.analytics.alerts(tenant));
      case 'rules':
        return ok({ rules: await this.analytics.rules(tenant) });
      case 'put_rule': {
        const problems = ruleProblems([input.rule], 'rule').map((p) => p.replace(/^rule\[0\]/u, 'rule'));
        if (problems.length > 0) return fail('validation', problems.join('; '));
        return ok(await this.analytics.putRule(tenant, alertRuleSchema.parse(input.rule)));
      }
      case 'delete_rule': {
        const id = input.ruleId;
        if (typeof id !== 'string' || !ID.test(id)) return fail('validation', 'ruleId is required (an id)');
        return (await this.analytics.deleteRule(tenant, id))
          ? ok({ deleted: id })
          : fail(
              'not_found',
              `No rule ${JSON.stringify(id)} of tenant ${tenant} (built-in rules are replaced, not deleted)`,
            );
      }
      case 'acknowledge': {
        const id = input.alertId;
        if (typeof id !== 'string' || !ID.test(id)) return fail('validation', 'alertId is required (an id)');
        const alert = await this.analytics.acknowledge(tenant, id, ctx.principal?.keyId ?? 'system');
        return alert ? ok(alert) : fail('not_found', `No alert ${JSON.stringify(id)} for tenant ${tenant}`);
      }
      case 'evaluate_alerts':
        return ok(await this.analytics.evaluateAlerts(tenant));
    }
  }
}
