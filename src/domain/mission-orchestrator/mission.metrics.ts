import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { MissionStatus } from './mission.types';
import { BUDGET_RESOURCES, type Amounts, type BudgetResource } from './planning/budget-guard';
import type { PlannerInfo } from './planning/mission-plan';

/** The ledger's resources as metric labels. */
const RESOURCE_LABEL: Readonly<Record<BudgetResource, string>> = {
  costUsd: 'cost_usd',
  toolCalls: 'tool_calls',
  iterations: 'iterations',
  seconds: 'seconds',
};

/**
 * The missions' Prometheus metrics: plans by depth and planner, runs by the status they ended in, and what each
 * stage spent by resource (a histogram, whose `_sum` is the total spent). Labels are enumerations only.
 */
@Injectable()
export class MissionMetrics {
  private readonly plans: Counter<'depth' | 'planner'>;
  private readonly runs: Counter<'status'>;
  private readonly budget: Histogram<'resource'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.plans = new Counter({
      name: registry.name('mission_plans_total'),
      help: 'Mission plans made, by depth and by planner (rules or llm)',
      labelNames: ['depth', 'planner'],
      registers,
    });
    this.runs = new Counter({
      name: registry.name('mission_runs_total'),
      help: 'Mission runs (a first run or a resume), by the status they ended in',
      labelNames: ['status'],
      registers,
    });
    this.budget = new Histogram({
      name: registry.name('mission_budget_spent'),
      help: 'What each mission stage spent, by resource (cost_usd, tool_calls, iterations, seconds)',
      labelNames: ['resource'],
      buckets: [0, 0.001, 0.01, 0.1, 1, 10, 100, 1000],
      registers,
    });
  }

  planned(depth: string, planner: PlannerInfo['kind']): void {
    this.plans.inc({ depth, planner });
  }

  ran(status: MissionStatus): void {
    this.runs.inc({ status });
  }

  spent(amounts: Amounts): void {
    for (const resource of BUDGET_RESOURCES) {
      const amount = amounts[resource];
      if (amount !== undefined) this.budget.observe({ resource: RESOURCE_LABEL[resource] }, amount);
    }
  }
}
