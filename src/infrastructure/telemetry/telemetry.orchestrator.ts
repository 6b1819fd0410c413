import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BackgroundJobs } from '../../core/jobs/background-jobs';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { MetricScope } from './metric-buffer';
import { TelemetryConfig } from './telemetry.config';
import { TelemetryService } from './telemetry.service';

/** The orchestrator's registered name. */
export const TELEMETRY_ORCHESTRATOR = 'telemetry';

export const TELEMETRY_OPERATIONS = [
  'run_cycle',
  'metrics_summary',
  'trace_summary',
  'alert_summary',
  'dashboard',
  'resolve_alert',
] as const;
export type TelemetryOperation = (typeof TELEMETRY_OPERATIONS)[number];
export const CYCLE_JOB = 'telemetry.cycle';

/**
 * The `telemetry` orchestrator (infrastructure, monitoring): `{ operation, … }` runs one of
 * {@link TELEMETRY_OPERATIONS} on the application's one {@link TelemetryService}. JSON in, JSON out, so it works
 * over REST and GraphQL too. The periodic cycle is a kernel background job (`telemetry.cycleEveryMs`).
 */
@Orchestrator({
  name: TELEMETRY_ORCHESTRATOR,
  layer: 'infrastructure',
  type: 'monitoring',
  description: 'Metrics, traces, alerts and dashboards of this instance',
  permissions: {
    run: 'telemetry.read',
    operations: { run_cycle: 'telemetry.admin', resolve_alert: 'telemetry.admin' },
  },
})
@Injectable()
export class TelemetryOrchestrator extends BaseOrchestrator implements OnApplicationBootstrap {
  constructor(
    private readonly telemetry: TelemetryService,
    private readonly jobs: BackgroundJobs,
    private readonly config: TelemetryConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const every = this.config.cycleEveryMs;
    if (every > 0) this.jobs.register(CYCLE_JOB, { everyMs: every }, () => this.telemetry.runCycle());
  }

  async orchestrate(_ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult> {
    const operation = input.operation;
    if (typeof operation !== 'string' || !(TELEMETRY_OPERATIONS as readonly string[]).includes(operation)) {
      return fail('validation', `operation must be one of ${TELEMETRY_OPERATIONS.join(', ')}`);
    }
    const windowMs = input.windowMs;
    if (windowMs !== undefined && !(Number.isInteger(windowMs) && (windowMs as number) > 0))
      return fail('validation', 'windowMs must be a positive integer');
    const scope = input.scope;
    if (scope !== undefined && !(Object.values(MetricScope) as unknown[]).includes(scope))
      return fail('validation', `scope must be one of ${Object.values(MetricScope).join(', ')}`);
    const w = windowMs as number | undefined;
    switch (operation as TelemetryOperation) {
      case 'run_cycle':
        return ok(await this.telemetry.runCycle());
      case 'metrics_summary':
        return ok(this.telemetry.metricsSummary(w, scope as MetricScope | undefined));
      case 'trace_summary':
        return ok(this.telemetry.traceSummary(w));
      case 'alert_summary':
        return ok(this.telemetry.alertSummary());
      case 'dashboard': {
        const id = typeof input.dashboardId === 'string' ? input.dashboardId : 'main_dashboard';
        const data = this.telemetry.dashboardData(id, w);
        return data ? ok(data) : fail('not_found', `Dashboard "${id}" not found`);
      }
      case 'resolve_alert': {
        if (typeof input.alertId !== 'string' || input.alertId.length === 0)
          return fail('validation', 'alertId must be a non-empty string');
        const alert = this.telemetry.resolveAlert(input.alertId);
        return alert ? ok({ ...alert }) : fail('not_found', `No active alert "${input.alertId}"`);
      }
    }
  }
}
