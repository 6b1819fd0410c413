import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { INTERACTION_LOG, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AGENT_IDS, AgentRoster, type AgentId } from '../crew';
import { buildCandidate } from './enhancement/candidate';
import { performanceReport } from './monitor/performance-report';
import type { PerformanceReport } from './monitor/performance.types';
import { TrainingEvent } from './training.events';
import { TrainingService } from './training.service';

export const WEEKLY_REPORT_JOB = 'agent_training.weekly_report';
export const WEEK_MS = 7 * 86_400_000;

/** What one tenant's weekly pass came to (also the payload of its event). */
export interface WeeklyReport {
  readonly tenantId: string;
  readonly at: number;
  readonly reports: readonly Pick<
    PerformanceReport,
    'agent' | 'interactions' | 'status' | 'overallScore' | 'trainingSuggestions'
  >[];
  /** The crew agents given fresh examples and a new kept candidate, because their report suggests training. */
  readonly regenerated: readonly AgentId[];
}

const isCrewAgent = (a: string): a is AgentId => (AGENT_IDS as readonly string[]).includes(a);

/**
 * The optional weekly job (`training.weeklyReport`, default off), run on one instance per week through the kernel's
 * scheduler, which stops it at shutdown: for each tenant of `training.weeklyReportTenants`, a report per agent with
 * interactions in the window; each crew agent whose report has training suggestions gets fresh examples from this
 * week's seed (`training.seed` + the week number), kept as its candidate — never applied, since only a measured
 * `apply` changes a definition. One `agent_training.weekly_report` event per tenant.
 */
@Injectable()
export class WeeklyReportJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('AgentTraining');
  private readonly log: LazyPort<InteractionLogPort>;

  constructor(
    private readonly config: AppConfig,
    private readonly training: TrainingService,
    private readonly roster: AgentRoster,
    private readonly events: EventEmitter2,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    moduleRef: ModuleRef,
  ) {
    this.log = lazyPort(moduleRef, INTERACTION_LOG);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.training.weeklyReport) return;
    await this.scheduler.every(WEEKLY_REPORT_JOB, WEEK_MS, () => this.run());
  }

  /** One weekly pass over every configured tenant; without an interaction log it logs why and does nothing. */
  async run(): Promise<WeeklyReport[]> {
    const log = this.log.tryGet();
    if (!log) {
      this.logger.warn({ event: 'training_weekly_report_skipped', reason: 'no interaction log (INTERACTION_LOG)' });
      return [];
    }
    const done: WeeklyReport[] = [];
    for (const tenantId of this.config.training.weeklyReportTenants) done.push(await this.report(log, tenantId));
    return done;
  }

  private async report(log: InteractionLogPort, tenantId: string): Promise<WeeklyReport> {
    const { windowDays, seed, examples, applyGoal } = this.config.training;
    const now = this.clock.now();
    const since = now - windowDays * 86_400_000;
    const reports: WeeklyReport['reports'][number][] = [];
    const regenerated: AgentId[] = [];
    const weekSeed = (seed + Math.floor(now / WEEK_MS)) % 2 ** 31;
    for (const agent of await log.agents(tenantId, since)) {
      const r = performanceReport(agent, await log.list(tenantId, { agent, since, until: now }), {
        now,
        days: windowDays,
      });
      const { interactions, status, overallScore, trainingSuggestions } = r;
      reports.push({ agent, interactions, status, overallScore, trainingSuggestions });
      const current = isCrewAgent(agent) ? this.roster.definitionOf(agent) : undefined;
      if (!current || !isCrewAgent(agent) || trainingSuggestions.length === 0) continue;
      this.training.keepCandidate(buildCandidate(agent, current, { seed: weekSeed, examples, applyGoal }));
      regenerated.push(agent);
    }
    const weekly: WeeklyReport = { tenantId, at: now, reports, regenerated };
    this.events.emit(TrainingEvent.WeeklyReport, weekly);
    return weekly;
  }
}
