import type { TestingModule } from '@nestjs/testing';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../test/fixtures/core-testing';
import { buildFeedbackHub } from '../../../test/fixtures/feedback-hub';
import { BackgroundJobs } from '../../core/jobs/background-jobs';
import { BANDITS, type BanditsPort } from '../../core/ports/bandits.port';

describe('FeedbackLifecycle (fake timers)', () => {
  let moduleRef: TestingModule;
  let jobs: BackgroundJobs;

  beforeEach(async () => {
    jest.useFakeTimers();
    moduleRef = await createCoreTestingModule({ config: { kernel: { shutdownTimeoutMs: 500 } } });
    jobs = moduleRef.get(BackgroundJobs);
  }, BOOT_TIMEOUT_MS);

  afterEach(async () => {
    const closing = moduleRef?.close();
    await jest.advanceTimersByTimeAsync(1000);
    await closing;
    jest.useRealTimers();
  }, BOOT_TIMEOUT_MS);

  it('A15.6 the drain job pops 10 model signals per 1 s tick: 15 left after one tick, none after three', async () => {
    const updates: number[] = [];
    const bandit: BanditsPort = { update: async (_d, _a, _x, reward) => void updates.push(reward) };
    const { hub, lifecycle, ctx } = buildFeedbackHub(
      { batchSize: 10, drainEveryMs: 1000 },
      new Map([[BANDITS, bandit]]),
      jobs,
    );
    expect(lifecycle.start()).toBe(true);
    expect(lifecycle.start()).toBe(false);
    for (let i = 0; i < 25; i++) await hub.submit(ctx, { componentId: 'gpt-4', reward: 1, confidence: 0.5 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(hub.queues.size('model')).toBe(15);
    await jest.advanceTimersByTimeAsync(2000);
    expect(hub.queues.size('model')).toBe(0);
    expect(updates).toEqual(Array(25).fill(0.5));
  });

  it('the health job runs every healthCheckEveryMs and disables a failing component; stop() ends all three jobs', async () => {
    const { hub, lifecycle, ctx } = buildFeedbackHub({ healthCheckEveryMs: 300_000 }, new Map(), jobs);
    lifecycle.start();
    for (let i = 0; i < 11; i++) await hub.submit(ctx, { componentType: 'tool', componentId: 'broken', reward: 0 });
    await jest.advanceTimersByTimeAsync(299_999);
    expect(hub.view('acme').health.state('tool', 'broken')).toBe('enabled');
    await jest.advanceTimersByTimeAsync(1);
    expect(hub.view('acme').health.state('tool', 'broken')).toBe('disabled');
    expect(lifecycle.healthChecks).toBe(1);
    expect(await lifecycle.stop()).toBe(true);
    expect(jobs.list().map((j) => j.name)).toEqual([]);
    await jest.advanceTimersByTimeAsync(600_000);
    expect(lifecycle.healthChecks).toBe(1);
  });
});
