import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { MemoryInteractionLog } from '../../../test/fixtures/interaction-log';
import { testConfig } from '../../../test/fixtures/test-config';
import type { Scheduler } from '../../core/ports/scheduler.port';
import { AgentRoster, parseAgentsYaml } from '../crew';
import type { Candidate } from './enhancement/candidate';
import { TrainingEvent } from './training.events';
import type { TrainingService } from './training.service';
import { WEEK_MS, WEEKLY_REPORT_JOB, WeeklyReportJob, type WeeklyReport } from './weekly-report.job';

const NOW = 1_800_000_000_000;

/** A scheduler that only records what was registered; the test runs the handler by hand (a manual clock). */
class ManualScheduler implements Scheduler {
  readonly jobs = new Map<string, { everyMs: number; handler: (signal: AbortSignal) => unknown }>();
  async every(name: string, everyMs: number, handler: (signal: AbortSignal) => unknown): Promise<void> {
    this.jobs.set(name, { everyMs, handler });
  }
  async cancel(name: string): Promise<boolean> {
    return this.jobs.delete(name);
  }
  async close(): Promise<void> {}
}

function setup(weeklyReport: boolean) {
  const parsed = parseAgentsYaml(readFileSync(join(__dirname, '../../../config/agents.yaml'), 'utf8'), 'a.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const roster = new AgentRoster(() => NOW);
  roster.load(parsed.definitions);
  const log = new MemoryInteractionLog();
  const kept: Candidate[] = [];
  const training = { keepCandidate: (c: Candidate) => kept.push(c) } as unknown as TrainingService;
  const events = new EventEmitter2();
  const emitted: WeeklyReport[] = [];
  events.on(TrainingEvent.WeeklyReport, (e: WeeklyReport) => emitted.push(e));
  const scheduler = new ManualScheduler();
  const moduleRef = { get: () => log } as unknown as ModuleRef;
  const config = testConfig({ training: { weeklyReport, weeklyReportTenants: ['acme', 'globex'] } });
  const sut = new WeeklyReportJob(
    config,
    training,
    roster,
    events,
    scheduler,
    { now: () => NOW, monotonic: () => 0 },
    moduleRef,
  );
  return { sut, log, kept, emitted, scheduler };
}

function record(log: MemoryInteractionLog, tenantId: string, agent: string, quality: number, n: number) {
  for (let i = 0; i < n; i++)
    log.record({
      tenantId,
      agent,
      taskType: 'analysis.fact',
      source: 'crew',
      runId: `${agent}-${i}`,
      tools: ['fact_check'],
      toolSequence: ['fact_check'],
      durationMs: 5_000,
      outcome: 'ok',
      quality,
      error: null,
      at: NOW - 86_400_000 + i,
    });
}

describe(WeeklyReportJob.name, () => {
  describe('onApplicationBootstrap', () => {
    it('registers nothing when training.weeklyReport is off (the default)', async () => {
      const { sut, scheduler } = setup(false);
      await sut.onApplicationBootstrap();
      expect([...scheduler.jobs.keys()]).toEqual([]);
      expect(testConfig().training.weeklyReport).toBe(false);
    });

    it('registers one job every 7 days when it is on', async () => {
      const { sut, scheduler } = setup(true);
      await sut.onApplicationBootstrap();
      expect([...scheduler.jobs.entries()].map(([name, j]) => [name, j.everyMs])).toEqual([
        [WEEKLY_REPORT_JOB, 604_800_000],
      ]);
      expect(WEEK_MS).toBe(604_800_000);
    });
  });

  describe('run', () => {
    it('reports every agent with interactions per tenant, and regenerates examples only for crew agents with suggestions', async () => {
      const { sut, log, kept, emitted, scheduler } = setup(true);
      record(log, 'acme', 'verification_director', 0.6, 12);
      record(log, 'acme', 'knowledge_integrator', 0.95, 12);
      record(log, 'acme', 'planner-1', 0.5, 12);
      record(log, 'other', 'analysis_cartographer', 0.1, 12);
      await sut.onApplicationBootstrap();
      await scheduler.jobs.get(WEEKLY_REPORT_JOB)?.handler(new AbortController().signal);

      expect(emitted.map((e) => [e.tenantId, e.at, e.reports.map((r) => [r.agent, r.interactions, r.status])])).toEqual(
        [
          [
            'acme',
            NOW,
            [
              ['knowledge_integrator', 12, 'excellent'],
              ['planner-1', 12, 'good'],
              ['verification_director', 12, 'good'],
            ],
          ],
          ['globex', NOW, []],
        ],
      );
      const acme = emitted[0];
      expect(acme.reports.map((r) => [r.agent, r.trainingSuggestions.length > 0])).toEqual([
        ['knowledge_integrator', false],
        ['planner-1', true],
        ['verification_director', true],
      ]);
      expect(acme.regenerated).toEqual(['verification_director']);
      expect(emitted[1].regenerated).toEqual([]);
      // This week's seed: training.seed (42) + the week number.
      const week = Math.floor(NOW / WEEK_MS);
      expect(kept.map((c) => [c.agent, c.focus, c.examples, c.definition.metadata.training])).toEqual([
        ['verification_director', 'fact_checking', 50, { focus: 'fact_checking', examples: 50, seed: 42 + week }],
      ]);
    });

    it('does nothing without an interaction log', async () => {
      const { sut, emitted } = setup(true);
      (sut as unknown as { log: { tryGet: () => undefined } }).log = { tryGet: () => undefined };
      expect(await sut.run()).toEqual([]);
      expect(emitted).toEqual([]);
    });
  });
});
