import type { InjectOptions } from 'fastify';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { FeedbackService } from '../../src/application/feedback/feedback.service';
import { BanditsService } from '../../src/application/bandits/bandits.service';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { FEEDBACK, type FeedbackPort } from '../../src/core/ports/feedback.port';
import { KEY_VALUE_STORE, type KeyValueStore } from '../../src/core/ports/key-value.port';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { seededRandom } from '../../src/core/runtime/random';
import { appTestConfig, testDataDir } from '../fixtures/test-config';
import { dataOf, jsonBody } from '../fixtures/json-body';
import { match } from '../fixtures/matchers';

/** The fields of the bandits API's answers that these tests read. */
interface Decision {
  readonly decisionId: string;
  readonly action: string;
}
interface Summary {
  readonly global: unknown;
  readonly domains: Record<string, { readonly algorithms: Record<string, { readonly updates: number }> }>;
}
interface Comparison {
  readonly algorithms: Record<string, { readonly relativePerformance: number }>;
  readonly best: string;
}
interface Estimate {
  readonly value: number;
  readonly ci95: readonly [number, number];
}
interface Evaluation {
  readonly ips: Estimate;
  readonly snips: Estimate;
  readonly dr: Estimate;
}

/** How a request names its tenant: the one place to change when tenants come from API keys. */
const asTenant = (tenant: string) => ({ 'x-tenant-id': tenant });

/** 2026-11-24 10:00 UTC. */
const T10 = Date.UTC(2026, 10, 24, 10, 0, 0);

async function boot(dataDir = testDataDir(), clock = new ManualClock(T10)) {
  const app = await createApp({
    config: appTestConfig({ persistence: { dataDir } }),
    clock,
    ids: sequentialIds('b'),
    random: seededRandom(7),
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const request = (o: InjectOptions) => fastify.inject(o);
  return { app, clock, dataDir, request };
}

const decide = (
  request: (o: InjectOptions) => Promise<{ statusCode: number; json(): unknown }>,
  domain: string,
  payload: unknown,
) => request({ method: 'POST', url: `/bandits/${domain}/decisions`, payload: payload as object });

describe('advanced bandits (e2e)', () => {
  let sut: Awaited<ReturnType<typeof boot>>;
  beforeAll(async () => {
    sut = await boot();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => sut?.app.close(), BOOT_TIMEOUT_MS);

  it('decides with the domain default (linucb: action 0 before any feedback, its bonus the width of the prior) and logs the decision', async () => {
    const res = await decide(sut.request, 'model_routing', {
      userId: 'u1',
      features: { complexity: 0.3, priority: 0.7 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      status: 'ok',
      data: {
        decisionId: match.any(String),
        domain: 'model_routing',
        action: 'gpt-4-turbo',
        actionIndex: 0,
        algorithm: 'linucb',
        // With no data every arm has the prior (A = I): the bonus is √(1 + |x|²) for the decision's vector, and
        // confidence is 1 / (1 + bonus).
        confidence: match.closeTo(1 / (1 + 1.5807707332535958), 12),
        exploration: match.closeTo(1.5807707332535958, 12),
        predictedReward: 0,
        propensity: 1,
        expiresAt: T10 + 86_400_000,
      },
    });
  });

  it('answers 404 for an unknown domain, and rejects an unknown algorithm and bad features, naming them', async () => {
    const unknown = await decide(sut.request, 'nope', { userId: 'u1' });
    expect([unknown.statusCode, jsonBody(unknown).error]).toEqual([
      404,
      'Unknown domain "nope" (known: model_routing, content_analysis, user_engagement)',
    ]);
    const badAlgorithm = await decide(sut.request, 'model_routing', { userId: 'u1', algorithm: 'magic' });
    expect(badAlgorithm.statusCode).toBe(400);
    expect(jsonBody(badAlgorithm).error).toMatch(
      /^algorithm must be one of doubly_robust, offset_tree, linucb, thompson_sampling, epsilon_greedy for domain model_routing/,
    );
    const badFeature = await decide(sut.request, 'model_routing', { userId: 'u1', features: { complexity: 2 } });
    expect([badFeature.statusCode, jsonBody(badFeature).error]).toEqual([
      400,
      'features.complexity must be a number in [0, 1], got 2',
    ]);
    expect(jsonBody(await decide(sut.request, 'model_routing', { features: {} })).error).toBe(
      'userId must be 1-128 letters, digits or . _ : @ -',
    );
  });

  it('learns from feedback with the decision-time vector; a retry gets the first answer back; another answer, an unknown id and a bad reward are refused', async () => {
    const d = dataOf<Decision>(
      await decide(sut.request, 'content_analysis', { userId: 'u2', features: { complexity: 0.3, priority: 0.7 } }),
    );
    sut.clock.advance(5 * 3_600_000); // 15:00 now: a rebuilt vector would carry hour 15/24, the logged one 10/24
    const bad = await sut.request({
      method: 'POST',
      url: '/bandits/feedback',
      payload: { decisionId: d.decisionId, reward: 1.5 },
    });
    expect([bad.statusCode, jsonBody(bad).error]).toEqual([400, 'reward must be a number in [0, 1], got 1.5']);
    const res = await sut.request({
      method: 'POST',
      url: '/bandits/feedback',
      payload: { decisionId: d.decisionId, reward: 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(dataOf(res)).toEqual({
      decisionId: d.decisionId,
      domain: 'content_analysis',
      action: 'quick',
      algorithm: 'linucb',
      reward: 1,
      updated: ['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy'],
      queued: false,
    });
    const bandits = sut.app.get(BanditsService);
    const state = await bandits.store.state('default', (await bandits.domainOf('default', 'content_analysis'))!);
    const dr = state.learner('doubly_robust').snapshot().state as { R: number[][] };
    // R_0 = η · r · x with η = 0.1: the logged vector's hour slot is 10/24, and its features are 0.3 and 0.7.
    expect(dr.R[0].slice(1, 7).map((v) => v / 0.1)).toEqual(
      [0.2, 0.8, 0.1, 10 / 24, 0.3, 0.7].map((v) => match.closeTo(v, 12)),
    );
    // The same answer again (a client's retry) gets the first answer back and learns nothing more.
    const retry = await sut.request({
      method: 'POST',
      url: '/bandits/feedback',
      payload: { decisionId: d.decisionId, reward: 1 },
    });
    expect([retry.statusCode, retry.body]).toEqual([200, res.body]);
    expect(state.learner('doubly_robust').updates).toBe(1);
    const again = await sut.request({
      method: 'POST',
      url: '/bandits/feedback',
      payload: { decisionId: d.decisionId, reward: 0.5 },
    });
    expect([again.statusCode, jsonBody(again).category]).toEqual([404, 'not_found']);
    expect(
      (
        await sut.request({
          method: 'POST',
          url: '/bandits/feedback',
          payload: { decisionId: 'never-made', reward: 0.5 },
        })
      ).statusCode,
    ).toBe(404);
    expect((await sut.request({ method: 'GET', url: '/metrics' })).body).toContain('bandit_feedback_unmatched_total 2');
  });

  it('refuses feedback after the decision log TTL', async () => {
    const d = dataOf<Decision>(await decide(sut.request, 'user_engagement', { userId: 'u3' }));
    sut.clock.advance(86_400_001);
    expect(
      (
        await sut.request({
          method: 'POST',
          url: '/bandits/feedback',
          payload: { decisionId: d.decisionId, reward: 0.5 },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('routes a task to a model and turns router metrics into the reward (defaults → 0.76)', async () => {
    const res = await sut.request({
      method: 'POST',
      url: '/bandits/route',
      payload: { userId: 'u4', taskType: 'coding', prompt: 'analyze and compare '.repeat(25), priorityLevel: 'high' },
    });
    expect(res.statusCode).toBe(201);
    const data = dataOf<Decision & { context: unknown; selectedModel: string }>(res);
    expect(data.context).toEqual({
      taskType: 'coding',
      complexity: match.closeTo(0.8333, 4),
      priority: match.closeTo(0.84, 9),
    });
    expect(data.selectedModel).toBe(data.action);
    const fb = await sut.request({
      method: 'POST',
      url: '/bandits/feedback',
      payload: { decisionId: data.decisionId, metrics: {} },
    });
    expect(dataOf<{ reward: number }>(fb).reward).toBeCloseTo(0.76, 9);
  });

  it('summarises per domain and algorithm with avg reward = rewards / feedbacks, and compares algorithms', async () => {
    const summary = dataOf<Summary>(await sut.request({ method: 'GET', url: '/bandits/summary' }));
    expect(summary.global).toMatchObject({
      totalFeedbacks: 2,
      totalRewards: match.closeTo(1.76, 9),
      avgReward: match.closeTo(0.88, 9),
    });
    expect(summary.domains.content_analysis.algorithms.linucb).toMatchObject({
      decisions: 1,
      feedbacks: 1,
      totalReward: 1,
      avgReward: 1,
      updates: 1,
    });
    const comparison = dataOf<Comparison>(
      await sut.request({ method: 'GET', url: '/bandits/content_analysis/comparison' }),
    );
    expect(comparison.algorithms.linucb.relativePerformance).toBe(1);
    expect(comparison.best).toBe('linucb');
  });

  it('takes model signals from the feedback hub through the BANDITS port', async () => {
    const port = sut.app.get<FeedbackPort>(FEEDBACK);
    await port.submit(OrchestrationContext.create({ tenantId: 'default' }), {
      componentType: 'model',
      componentId: 'gemini-pro',
      reward: 0.9,
      confidence: 0.5,
    });
    await sut.app.get(FeedbackService).drainOnce();
    const bandits = sut.app.get(BanditsService);
    const state = await bandits.store.state('default', (await bandits.domainOf('default', 'model_routing'))!);
    expect(state.learner('linucb').updates).toBe(2); // the routed decision above, then this signal
    expect(sut.app.get(FeedbackService).view('default').counts.processed).toBe(1);
  });

  it('keeps tenants apart: runtime domains, default algorithms, learners and decisions', async () => {
    const put = (tenant: string, actions: string[]) =>
      sut.request({
        method: 'PUT',
        url: '/bandits/domains/iso_shop',
        headers: asTenant(tenant),
        payload: { actions, algorithms: ['linucb'] },
      });
    expect(dataOf(await put('iso-a', ['a1', 'a2']))).toMatchObject({ outcome: 'created' });
    expect(dataOf(await put('iso-b', ['b1', 'b2', 'b3']))).toMatchObject({ outcome: 'created' });
    const domainsOf = async (tenant: string) =>
      jsonBody<{ domains: { name: string; actions: string[] }[] }>(
        await sut.request({ method: 'GET', url: '/bandits/domains', headers: asTenant(tenant) }),
      ).domains;
    expect((await domainsOf('default')).map((d) => d.name)).toEqual([
      'model_routing',
      'content_analysis',
      'user_engagement',
    ]);
    expect((await domainsOf('iso-b')).map((d) => [d.name, d.actions.length])).toEqual([
      ['model_routing', 4],
      ['content_analysis', 4],
      ['user_engagement', 4],
      ['iso_shop', 3],
    ]);
    const decideAs = async (tenant: string, domain: string) =>
      dataOf<Decision & { algorithm: string }>(
        await sut.request({
          method: 'POST',
          url: `/bandits/${domain}/decisions`,
          headers: asTenant(tenant),
          payload: { userId: 'u1' },
        }),
      );
    const answer = (tenant: string, decisionId: string) =>
      sut.request({
        method: 'POST',
        url: '/bandits/feedback',
        headers: asTenant(tenant),
        payload: { decisionId, reward: 1 },
      });
    const linucb = async (tenant: string) =>
      dataOf<Summary>(await sut.request({ method: 'GET', url: '/bandits/summary', headers: asTenant(tenant) })).domains
        .iso_shop.algorithms.linucb;
    // iso-a's decision answered by iso-b: not found, nothing learnt; iso-a can still answer it.
    const a = await decideAs('iso-a', 'iso_shop');
    const stolen = await answer('iso-b', a.decisionId);
    expect([stolen.statusCode, jsonBody(stolen).category]).toEqual([404, 'not_found']);
    expect(await linucb('iso-b')).toMatchObject({ decisions: 0, feedbacks: 0, updates: 0 });
    expect((await answer('iso-a', a.decisionId)).statusCode).toBe(200);
    expect((await answer('iso-b', (await decideAs('iso-b', 'iso_shop')).decisionId)).statusCode).toBe(200);
    // iso-a replaces its domain: its learners start fresh, iso-b's keep what they learnt.
    expect(dataOf(await put('iso-a', ['a1', 'a2', 'a3']))).toMatchObject({ outcome: 'replaced' });
    expect([(await linucb('iso-a')).updates, (await linucb('iso-b')).updates]).toEqual([0, 1]);
    const switched = await sut.request({
      method: 'PUT',
      url: '/bandits/domains/model_routing/default-algorithm',
      headers: asTenant('iso-a'),
      payload: { algorithm: 'doubly_robust' },
    });
    expect(switched.statusCode).toBe(200);
    expect([
      (await decideAs('iso-a', 'model_routing')).algorithm,
      (await decideAs('iso-b', 'model_routing')).algorithm,
    ]).toEqual(['doubly_robust', 'linucb']);
  });
});

describe('bandit domains, snapshots and off-policy evaluation (e2e)', () => {
  it('creates a domain at runtime; learners and the domain survive a restart; a version-2 snapshot is ignored', async () => {
    const first = await boot();
    const put = await first.request({
      method: 'PUT',
      url: '/bandits/domains/ope_demo',
      payload: { actions: ['a', 'b', 'c'], algorithms: ['uniform_random', 'linucb'] },
    });
    expect(put.statusCode).toBe(200);
    expect(dataOf(put)).toMatchObject({
      outcome: 'created',
      domain: { name: 'ope_demo', defaultAlgorithm: 'uniform_random', dimension: 8 },
    });
    const conflict = await first.request({
      method: 'PUT',
      url: '/bandits/domains/model_routing',
      payload: { actions: ['x', 'y'] },
    });
    expect(conflict.statusCode).toBe(409);
    const invalid = await first.request({
      method: 'PUT',
      url: '/bandits/domains/bad',
      payload: { actions: ['only-one'] },
    });
    expect([invalid.statusCode, jsonBody(invalid).error]).toEqual([400, 'actions must be an array of 2-64 names']);
    // Logged by a uniform policy; the reward depends only on the action (a 0.2, b 0.8, c 0.5) plus seeded noise.
    const means: Record<string, number> = { a: 0.2, b: 0.8, c: 0.5 };
    const noise = seededRandom(3);
    for (let i = 0; i < 1500; i++) {
      const d = dataOf<Decision>(
        await decide(first.request, 'ope_demo', { userId: `user-${i % 37}`, features: { complexity: (i % 10) / 10 } }),
      );
      const r = Math.min(1, Math.max(0, means[d.action] + (noise.next() - 0.5) * 0.2));
      expect(
        (
          await first.request({
            method: 'POST',
            url: '/bandits/feedback',
            payload: { decisionId: d.decisionId, reward: r },
          })
        ).statusCode,
      ).toBe(200);
    }
    const evaluation = dataOf<Evaluation>(
      await first.request({ method: 'POST', url: '/bandits/ope_demo/evaluate', payload: { action: 'b' } }),
    );
    expect(evaluation).toMatchObject({
      domain: 'ope_demo',
      target: { action: 'b' },
      n: 1500,
      loggedBy: { uniform_random: 1500 },
    });
    for (const est of [evaluation.ips, evaluation.snips, evaluation.dr]) {
      expect(est.ci95[0]).toBeLessThanOrEqual(0.8);
      expect(est.ci95[1]).toBeGreaterThanOrEqual(0.8);
    }
    const learned = dataOf<Evaluation>(
      await first.request({ method: 'POST', url: '/bandits/ope_demo/evaluate', payload: { algorithm: 'linucb' } }),
    );
    expect(learned.dr.value).toBeGreaterThan(0.7); // LinUCB has learned to pick b
    await first.app.close();

    const second = await boot(first.dataDir);
    expect(
      jsonBody<{ domains: { name: string }[] }>(
        await second.request({ method: 'GET', url: '/bandits/domains' }),
      ).domains.map((d) => d.name),
    ).toContain('ope_demo');
    const summary = dataOf<Summary>(await second.request({ method: 'GET', url: '/bandits/summary' }));
    expect(summary.domains.ope_demo.algorithms.linucb).toMatchObject({ updates: 1500 });
    expect(summary.domains.ope_demo.algorithms.uniform_random).toMatchObject({ decisions: 1500, feedbacks: 1500 });
    await second.app.close();

    // A newer build's snapshot (version 2) is ignored, and never overwritten by this one.
    const third = await boot(first.dataDir);
    const kv = third.app.get<KeyValueStore>(KEY_VALUE_STORE);
    const scope = { tenantId: 'default', namespace: 'bandits.snapshots' };
    const stored = await kv.get<Record<string, unknown>>(scope, 'ope_demo:linucb');
    expect(stored).toMatchObject({ version: 1, domain: 'ope_demo', algorithm: 'linucb' });
    await kv.set(scope, 'ope_demo:linucb', { ...stored, version: 2 });
    const after = dataOf<Summary>(await third.request({ method: 'GET', url: '/bandits/summary' }));
    expect(after.domains.ope_demo.algorithms.linucb).toMatchObject({ updates: 0 });
    expect(after.domains.ope_demo.algorithms.uniform_random).toMatchObject({ feedbacks: 1500 });
    await third.app.close();
    const fourth = await boot(first.dataDir);
    expect(await fourth.app.get<KeyValueStore>(KEY_VALUE_STORE).get(scope, 'ope_demo:linucb')).toMatchObject({
      version: 2,
    });
    await fourth.app.close();
  }, 120_000);
});
