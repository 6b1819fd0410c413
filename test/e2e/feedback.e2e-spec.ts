import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import type { FeedbackHealthReport, FeedbackMetricsReport } from '../../src/application/feedback/feedback-report';
import {
  COMPACT_JOB,
  CONSOLIDATION_JOB,
  DRAIN_JOB,
  HEALTH_JOB,
  SNAPSHOT_JOB,
} from '../../src/application/feedback/feedback.lifecycle';
import { FeedbackService } from '../../src/application/feedback/feedback.service';
import type { InProcessQueues } from '../../src/application/feedback/signal-queues';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { BackgroundJobs } from '../../src/core/jobs/background-jobs';
import { FEEDBACK, type FeedbackPort } from '../../src/core/ports/feedback.port';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { appTestConfig, testDataDir } from '../fixtures/test-config';
import { dataOf, jsonBody } from '../fixtures/json-body';
import { match } from '../fixtures/matchers';

const FEEDBACK_JOBS = [COMPACT_JOB, CONSOLIDATION_JOB, DRAIN_JOB, HEALTH_JOB, SNAPSHOT_JOB];

/** How a request names its tenant: the one place to change when tenants come from API keys. */
const asTenant = (tenant: string) => ({ 'x-tenant-id': tenant });

describe('unified feedback (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    // The drain runs when a test says so (a periodic tick would race the queue depths asserted here).
    sut = await createTestApp({ feedback: { drainEveryMs: 3_600_000 } });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  const orchestrate = (input: unknown) =>
    sut.request({ method: 'POST', url: '/orchestrators/unified_feedback/orchestrate', payload: { input } });
  const feedbackJobs = () =>
    sut.app
      .get(BackgroundJobs)
      .list()
      .map((j) => j.name)
      .filter((n) => n.startsWith('feedback.'))
      .sort();

  it('accepts a signal over REST with 202 and a receipt; a bad one is 400 naming the field and changes nothing', async () => {
    const accepted = await sut.request({
      method: 'POST',
      url: '/feedback',
      headers: asTenant('acme'),
      payload: { signalId: 'rest-1', componentType: 'tool', componentId: 'search', reward: 0.75 },
    });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({
      status: 'ok',
      data: { signalId: 'rest-1', componentType: 'tool', queued: true, duplicate: false, queueSize: 1 },
    });
    const again = await sut.request({
      method: 'POST',
      url: '/feedback',
      headers: asTenant('acme'),
      payload: { signalId: 'rest-1', componentType: 'tool', componentId: 'search', reward: 0.75 },
    });
    expect([again.statusCode, dataOf<{ duplicate: boolean }>(again).duplicate]).toEqual([200, true]);
    const metricsOf = async (tenant: string) =>
      jsonBody<FeedbackMetricsReport>(
        await sut.request({ method: 'GET', url: '/feedback/metrics', headers: asTenant(tenant) }),
      );
    const before = await metricsOf('acme');
    const bad = await sut.request({
      method: 'POST',
      url: '/feedback',
      headers: asTenant('acme'),
      payload: { componentType: 'tool', componentId: 'search', reward: 1.5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      status: 'error',
      error: 'reward must be a number in [0, 1], got 1.5',
      category: 'validation',
      retryable: false,
    });
    const badTenant = await sut.request({
      method: 'POST',
      url: '/feedback',
      headers: { 'x-tenant-id': 'a b' },
      payload: { componentId: 'm', reward: 1 },
    });
    expect([badTenant.statusCode, jsonBody(badTenant).error]).toEqual([
      400,
      'x-tenant-id must be 1-128 letters, digits or . _ : -',
    ]);
    const after = await metricsOf('acme');
    expect([after.signalsAccepted, after.queueSizes.tool]).toEqual([before.signalsAccepted, before.queueSizes.tool]);
    expect(after).toMatchObject({
      mode: 'in_process',
      running: true,
      signalsAccepted: 1,
      signalsBySource: { trajectory: 1 },
    });
  });

  it('serves the tool, agent, RAG and trajectory helpers (the A15.7 trajectory gives its five signals)', async () => {
    expect(
      (
        await sut.request({
          method: 'POST',
          url: '/feedback/tool',
          payload: { toolId: 'scraper', success: true, qualityScore: 1.3 },
        })
      ).statusCode,
    ).toBe(202);
    expect(
      (await sut.request({ method: 'POST', url: '/feedback/agent', payload: { agentId: 'writer', success: false } }))
        .statusCode,
    ).toBe(202);
    expect(
      (await sut.request({ method: 'POST', url: '/feedback/rag', payload: { queryId: 'q1', relevanceScore: 0.4 } }))
        .statusCode,
    ).toBe(202);
    const badRag = await sut.request({
      method: 'POST',
      url: '/feedback/rag',
      payload: { queryId: 'q1', relevanceScore: 'high' },
    });
    expect([badRag.statusCode, jsonBody(badRag).error]).toEqual([
      400,
      'relevanceScore must be a finite number, got "high"',
    ]);
    const res = await sut.request({
      method: 'POST',
      url: '/feedback/trajectory',
      payload: {
        trajectory: {
          session_id: 'traj-1',
          agent_id: 'a1',
          steps: [
            { tool_name: 'toolA', success: true },
            { tool_name: 'toolA', success: false },
            { tool_name: 'toolB', success: true, tool_args: { model_id: 'm1' } },
          ],
          prompt_variants: [{ id: 'p1', quality_score: 0.9, latency_ms: 1000 }],
        },
        evaluation: { overall_score: 0.8 },
      },
    });
    expect(res.statusCode).toBe(202);
    expect(dataOf(res)).toMatchObject({ trajectoryId: 'traj-1', signalsSubmitted: 5 });
    const bad = await sut.request({
      method: 'POST',
      url: '/feedback/trajectory',
      payload: { trajectory: { steps: [{ tool_name: 'x' }, 7] } },
    });
    expect([bad.statusCode, jsonBody(bad).error]).toEqual([400, 'trajectory.steps[1] must be an object']);
  });

  it('runs its operations through the facade: unknown operation and missing signal are validation errors', async () => {
    const unknown = await orchestrate({ operation: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(jsonBody(unknown).error).toMatch(/^Unknown operation: x \(operation must be one of submit_feedback, /);
    const missing = await orchestrate({});
    expect([missing.statusCode, jsonBody(missing).error]).toEqual([
      400,
      'signal is required for submit_feedback and must be an object',
    ]);
    const ok = await orchestrate({ signal: { componentType: 'prompt', componentId: 'v2', reward: 0.6 } });
    expect(ok.json()).toMatchObject({ status: 'ok', data: { componentType: 'prompt', queued: true } });
    const health = await orchestrate({ operation: 'get_health' });
    expect(dataOf<FeedbackHealthReport>(health).components.prompt).toEqual({ p1: 0.8, v2: 0.6 });
  });

  it('A15.9 the three jobs run from bootstrap; 100 calls start no more; stop and start pause and resume them', async () => {
    expect(feedbackJobs()).toEqual(FEEDBACK_JOBS);
    for (let i = 0; i < 100; i++) await orchestrate({ operation: 'get_metrics' });
    expect(feedbackJobs()).toEqual(FEEDBACK_JOBS);
    expect((await orchestrate({ operation: 'start' })).json()).toEqual({
      status: 'skipped',
      reason: 'already_running',
    });
    expect((await orchestrate({ operation: 'stop' })).json()).toMatchObject({
      status: 'ok',
      data: { status: 'stopped' },
    });
    expect(feedbackJobs()).toEqual([]);
    expect((await orchestrate({ operation: 'stop' })).json()).toEqual({ status: 'skipped', reason: 'not_running' });
    expect((await orchestrate({ operation: 'start' })).json()).toEqual({
      status: 'ok',
      data: { status: 'started', backgroundJobs: 3 },
    });
    expect(feedbackJobs()).toEqual(FEEDBACK_JOBS);
  });

  it('the health job disables a failing component; DELETE /feedback/disabled/:type/:id clears it (404 when not disabled)', async () => {
    const port = sut.app.get<FeedbackPort>(FEEDBACK);
    const ctx = OrchestrationContext.create({ tenantId: 'acme' });
    for (let i = 0; i < 11; i++) await port.submitAgent(ctx, { agentId: 'sloppy', success: false });
    await sut.app.get(BackgroundJobs).runNow(HEALTH_JOB);
    const health = jsonBody<FeedbackHealthReport>(
      await sut.request({ method: 'GET', url: '/feedback/health', headers: asTenant('acme') }),
    );
    expect(health.disabledComponents).toEqual([{ key: 'agent/sloppy', state: 'disabled', since: match.any(Number) }]);
    const metrics = await sut.request({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('feedback_components_disabled{component_type="agent"} 1');
    const clear = () =>
      sut.request({ method: 'DELETE', url: '/feedback/disabled/agent/sloppy', headers: asTenant('acme') });
    expect((await clear()).statusCode).toBe(204);
    expect((await clear()).statusCode).toBe(404);
    expect(jsonBody(await sut.request({ method: 'DELETE', url: '/feedback/disabled/gadget/x' })).error).toBe(
      'type must be one of model, tool, agent, threshold, prompt, memory',
    );
  });

  it('keeps tenants apart: the same signal id is two signals; health, metrics and clearing answer for the caller only', async () => {
    const submit = (tenant: string, payload: object) =>
      sut.request({ method: 'POST', url: '/feedback', headers: asTenant(tenant), payload });
    const signal = { signalId: 'iso-1', componentType: 'tool', componentId: 'iso-tool' };
    expect((await submit('iso-a', { ...signal, reward: 0.1 })).statusCode).toBe(202);
    const other = await submit('iso-b', { ...signal, reward: 0.9 });
    expect([other.statusCode, dataOf<{ duplicate: boolean }>(other).duplicate]).toEqual([202, false]);
    const again = await submit('iso-a', { ...signal, reward: 0.1 });
    expect([again.statusCode, dataOf<{ duplicate: boolean }>(again).duplicate]).toEqual([200, true]);
    for (let i = 0; i < 11; i++) await submit('iso-a', { componentType: 'agent', componentId: 'iso-agent', reward: 0 });
    await sut.app.get(BackgroundJobs).runNow(HEALTH_JOB);
    const healthOf = async (tenant: string) =>
      jsonBody<FeedbackHealthReport>(
        await sut.request({ method: 'GET', url: '/feedback/health', headers: asTenant(tenant) }),
      );
    expect(await healthOf('iso-b')).toEqual({
      components: { model: {}, tool: { 'iso-tool': 0.9 }, agent: {}, threshold: {}, prompt: {}, memory: {} },
      disabledComponents: [],
      componentHealthDetails: {
        'tool/iso-tool': {
          healthScore: 0.9,
          avgReward: 0.9,
          sampleSize: 1,
          errorRate: 0,
          rewardStd: 0,
          state: 'enabled',
        },
      },
      totalComponents: 1,
      overallHealth: 0.9,
    });
    expect((await healthOf('iso-a')).disabledComponents).toEqual([
      { key: 'agent/iso-agent', state: 'disabled', since: match.any(Number) },
    ]);
    const metrics = jsonBody<FeedbackMetricsReport>(
      await sut.request({ method: 'GET', url: '/feedback/metrics', headers: asTenant('iso-b') }),
    );
    expect([metrics.signalsAccepted, metrics.averageRewardByComponent, metrics.disabledComponents]).toEqual([
      1,
      { 'tool/iso-tool': 0.9 },
      [],
    ]);
    // iso-b's component of the same id is not disabled, and iso-a's cannot be cleared from iso-b.
    expect((await submit('iso-b', { componentType: 'agent', componentId: 'iso-agent', reward: 0.9 })).statusCode).toBe(
      202,
    );
    const clear = (tenant: string) =>
      sut.request({ method: 'DELETE', url: '/feedback/disabled/agent/iso-agent', headers: asTenant(tenant) });
    expect((await clear('iso-b')).statusCode).toBe(404);
    expect((await clear('iso-a')).statusCode).toBe(204);
  });

  it('the drain job hands queued signals to their sinks', async () => {
    const hub = sut.app.get(FeedbackService);
    expect(hub.queues.size('tool')).toBeGreaterThan(0);
    await sut.app.get(BackgroundJobs).runNow(DRAIN_JOB);
    expect([hub.queues.size('tool'), hub.queues.size('agent'), hub.queues.size('prompt')]).toEqual([0, 0, 0]);
    expect(hub.view('default').learning.tools.get('scraper')).toMatchObject({ samples: 1, reward: 1 });
  });
});

describe('unified feedback shutdown (e2e)', () => {
  /** A learner that is down: its signals stay queued. */
  const unavailable = { ready: () => false, accept: () => undefined };

  it(
    'with 5 000 agent signals queued and their learner down, shutdown keeps them and the next boot queues them again; the rest is drained',
    async () => {
      const dataDir = testDataDir();
      const first = await createApp({ config: appTestConfig({ persistence: { dataDir } }) });
      await first.init();
      const hub = first.get(FeedbackService);
      hub.registerSink('agent', unavailable);
      const port = first.get<FeedbackPort>(FEEDBACK);
      const ctx = OrchestrationContext.create({ tenantId: 'acme' });
      for (let i = 0; i < 5000; i++)
        await port.submit(ctx, {
          signalId: `a-${i}`,
          componentType: 'agent',
          componentId: `agent-${i % 4}`,
          reward: 0.5,
        });
      for (let i = 0; i < 100; i++) await port.submitTool(ctx, { toolId: 'search', success: true });
      // Shutdown drains nothing (every queued signal is in the log): the tool signals are delivered first.
      while ((await hub.drainOnce(1000)) > 0);
      await first.close();
      expect(hub.view('acme').counts.processed).toBe(100);

      const second = await createApp({ config: appTestConfig({ persistence: { dataDir } }) });
      await second.init();
      const restored = second.get(FeedbackService);
      restored.registerSink('agent', unavailable);
      expect([restored.queues.size('agent'), restored.queues.size('tool')]).toEqual([5000, 0]);
      expect((restored.queues as InProcessQueues).peek('agent')[0]).toMatchObject({
        signalId: 'a-0',
        tenantId: 'acme',
        componentId: 'agent-0',
        reward: 0.5,
      });
      // Restored ids are remembered: a resubmitted one is a duplicate.
      expect(
        await second
          .get<FeedbackPort>(FEEDBACK)
          .submit(ctx, { signalId: 'a-42', componentType: 'agent', componentId: 'agent-2', reward: 0.5 }),
      ).toMatchObject({ status: 'ok', data: { duplicate: true } });
      await second.close();

      const third = await createApp({ config: appTestConfig({ persistence: { dataDir } }) });
      await third.init();
      const last = third.get(FeedbackService);
      expect(last.queues.size('agent')).toBe(5000);
      // With the learner back, they are all delivered; the 100 tool signals processed by the first run are in the
      // recovered counts.
      while ((await last.drainOnce(1000)) > 0);
      expect(last.view('acme').counts.processed).toBe(5100);
      await third.close();
      // Three boots and 5 100 signals stored, recovered and drained: about 10 s on a quiet 2-core machine; 60 s was
      // exceeded twice when the machine was shared (load 6–14).
    },
    3 * BOOT_TIMEOUT_MS,
  );
});
