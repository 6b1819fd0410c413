import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../../../core/config/app-config';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { systemClock } from '../../../core/runtime/clock';
import { PerformanceAnalyticsConfig } from './performance-analytics.config';
import { ALERT_LOOP_JOB, PerformanceAnalyticsOrchestrator } from './performance-analytics.orchestrator';
import type { PerformanceAnalyticsService } from './performance-analytics.service';

function setup(overrides: Partial<PerformanceAnalyticsConfig>) {
  const evaluated: string[] = [];
  const analytics = {
    evaluateAlerts: (tenant: string) => {
      evaluated.push(tenant);
      return Promise.resolve();
    },
  } as unknown as PerformanceAnalyticsService;
  const jobs = new BackgroundJobs(new SchedulerRegistry(), systemClock, {} as AppConfig);
  const config = Object.assign(new PerformanceAnalyticsConfig(), overrides);
  const sut = new PerformanceAnalyticsOrchestrator(analytics, jobs, config);
  return { sut, jobs, evaluated };
}

describe(PerformanceAnalyticsOrchestrator.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('onApplicationBootstrap', () => {
    it('registers no alert loop when alertLoop is off (the default)', () => {
      const { sut, jobs, evaluated } = setup({});
      sut.onApplicationBootstrap();
      jest.advanceTimersByTime(3_600_000);
      expect({ jobs: jobs.list().map((j) => j.name), evaluated }).toEqual({ jobs: [], evaluated: [] });
    });

    it('evaluates every alert tenant once per alertLoopEveryMs when alertLoop is on', async () => {
      const { sut, jobs, evaluated } = setup({ alertLoop: true, alertLoopEveryMs: 60_000, alertTenants: ['a', 'b'] });
      sut.onApplicationBootstrap();
      expect(jobs.list().map((j) => [j.name, j.everyMs])).toEqual([[ALERT_LOOP_JOB, 60_000]]);
      await jest.advanceTimersByTimeAsync(59_999);
      expect(evaluated).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(evaluated).toEqual(['a', 'b']);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(evaluated).toEqual(['a', 'b', 'a', 'b']);
      await jobs.beforeApplicationShutdown();
    });
  });
});
