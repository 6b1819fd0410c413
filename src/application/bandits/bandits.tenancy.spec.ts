import { Logger } from '@nestjs/common';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { match } from '../../../test/fixtures/matchers';
import { testConfig } from '../../../test/fixtures/test-config';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { SqlKeyValueStore } from '../../core/persistence/sql-key-value.store';
import type { JobQueue } from '../../core/ports/job-queue.port';
import type { KeyScope, KeyValueStore } from '../../core/ports/key-value.port';
import type { StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { defineDomain } from './bandit-domains';
import type { DomainSummary } from './bandits-report';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsMetrics } from './bandits.metrics';
import { BanditsOrchestrator } from './bandits.orchestrator';
import { BanditsService, type Decision } from './bandits.service';
import { BanditsStore } from './bandits.store';
import { BanditsUpdates } from './bandits.updates';
import { LEGACY_DOMAINS } from './domain-catalog';

const T0 = Date.UTC(2026, 10, 24, 10);
const A = OrchestrationContext.create({ tenantId: 'acme' });
const B = OrchestrationContext.create({ tenantId: 'globex' });
const CONFIGURED = ['model_routing', 'content_analysis', 'user_engagement'];

interface KvCall {
  readonly op: string;
  readonly tenantId: string;
  readonly namespace: string;
}

/** The real store, recording the scope of every call. */
function recording(kv: KeyValueStore): { kv: KeyValueStore; calls: KvCall[] } {
  const calls: KvCall[] = [];
  const note = (op: string, scope: KeyScope) => calls.push({ op, ...scope });
  return {
    calls,
    kv: {
      get: (scope, key) => (note('get', scope), kv.get(scope, key)),
      set: (scope, key, value, ttl) => (note('set', scope), kv.set(scope, key, value, ttl)),
      setIfAbsent: (scope, key, value, ttl) => (note('setIfAbsent', scope), kv.setIfAbsent(scope, key, value, ttl)),
      increment: (scope, key, by, ttl) => (note('increment', scope), kv.increment(scope, key, by, ttl)),
      delete: (scope, key) => (note('delete', scope), kv.delete(scope, key)),
      purgeExpired: () => kv.purgeExpired(),
    },
  };
}

/** The tenants whose scope `calls` touched, in order of first touch. */
const tenantsTouched = (calls: readonly KvCall[]) => [...new Set(calls.map((c) => c.tenantId))];

function data<T>(result: StepResult<T>): T {
  if (result.status !== 'ok') throw new Error(JSON.stringify(result));
  return result.data;
}

describe('bandits tenancy (tenants acme and globex, one store)', () => {
  let database: OpenedDatabase;
  // The store warns about domains recorded before tenancy; that test asserts what they do instead.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    database = await openTestDatabase();
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  /** One instance; `before` writes to the store ahead of the boot. */
  async function boot(bandits: Record<string, unknown> = {}, before?: (kv: KeyValueStore) => Promise<void>) {
    const clock = new ManualClock(T0);
    const real = new SqlKeyValueStore(database.db, clock);
    await before?.(real);
    const { kv, calls } = recording(real);
    const config = testConfig({ bandits });
    const registry = new MetricsRegistry('t_');
    const metrics = new BanditsMetrics(registry);
    const store = new BanditsStore(config.bandits, config, kv, clock, metrics);
    const updates = new BanditsUpdates(store, metrics, {} as JobQueue, null, sequentialIds('instance'));
    const ids = sequentialIds('d');
    const service = new BanditsService(config.bandits, store, metrics, kv, clock, ids, seededRandom(1), updates);
    const sut = new BanditsOrchestrator(service, new BanditsEvaluation(store));
    await store.onApplicationBootstrap();
    const run = (ctx: OrchestrationContext, input: Record<string, unknown>) => sut.orchestrate(ctx, input);
    const decide = async (ctx: OrchestrationContext, domain: string) =>
      data(await run(ctx, { operation: 'decide', domain, userId: 'u1' })) as Decision;
    const summary = async (ctx: OrchestrationContext, domain: string) =>
      (data(await run(ctx, { operation: 'summary' })) as { domains: Record<string, DomainSummary> }).domains[domain];
    const names = async (ctx: OrchestrationContext) =>
      (data(await run(ctx, { operation: 'domains' })) as { domains: { name: string }[] }).domains.map((d) => d.name);
    return { real, calls, store, service, registry, run, decide, summary, names };
  }

  describe('feedback', () => {
    it('a decision of acme answered by globex is not found, reads only globex’s log and changes nothing; acme answers it afterwards', async () => {
      const { calls, store, service, decide } = await boot();
      const d = await decide(A, 'content_analysis');
      calls.length = 0;
      expect(await service.feedback(B, { decisionId: d.decisionId, reward: 1 })).toEqual({
        status: 'error',
        error: `No open decision "${d.decisionId}" (unknown, expired or already answered)`,
        category: 'not_found',
        retryable: false,
      });
      expect(calls).toEqual([{ op: 'get', tenantId: 'globex', namespace: 'bandits.decisions' }]);
      expect(data(await service.feedback(A, { decisionId: d.decisionId, reward: 1 })).reward).toBe(1);
      const domain = (await store.domain('acme', 'content_analysis'))!;
      const [own, other] = await Promise.all([store.state('acme', domain), store.state('globex', domain)]);
      expect([own.learner(AlgorithmName.LinUcb).updates, other.learner(AlgorithmName.LinUcb).updates]).toEqual([1, 0]);
      expect([own.counter(AlgorithmName.LinUcb), other.counter(AlgorithmName.LinUcb)]).toEqual([
        { decisions: 1, feedbacks: 1, rewardSum: 1, lastDecisionAt: T0, sinceSnapshot: 1 },
        { decisions: 0, feedbacks: 0, rewardSum: 0, lastDecisionAt: null, sinceSnapshot: 0 },
      ]);
    });

    it('the BANDITS port teaches the named tenant’s learners only', async () => {
      const { store, service } = await boot();
      await service.update('model_routing', 'gemini-pro', [1, 0, 0, 0, 0, 0, 0, 0], 0.5, 'globex');
      const domain = (await store.domain('globex', 'model_routing'))!;
      const [own, other] = await Promise.all([store.state('acme', domain), store.state('globex', domain)]);
      expect([own.learner(AlgorithmName.LinUcb).updates, other.learner(AlgorithmName.LinUcb).updates]).toEqual([0, 1]);
    });
  });

  describe('put_domain and switch_default', () => {
    it('create, replace and re-default for the caller’s tenant only: the other tenant’s domain of that name, its learners and its snapshots are untouched', async () => {
      const { real, calls, store, run, decide, summary, names } = await boot();
      const put = (ctx: OrchestrationContext, actions: string[]) =>
        run(ctx, { operation: 'put_domain', domain: 'checkout', definition: { actions, algorithms: ['linucb'] } });
      expect(data(await put(A, ['one', 'two']))).toMatchObject({ outcome: 'created' });
      expect(await names(B)).toEqual(CONFIGURED);
      expect(await run(B, { operation: 'decide', domain: 'checkout', userId: 'u1' })).toMatchObject({
        status: 'error',
        error: `Unknown domain "checkout" (known: ${CONFIGURED.join(', ')})`,
      });
      expect(data(await put(B, ['x', 'y', 'z']))).toMatchObject({ outcome: 'created' });
      for (const ctx of [A, B]) {
        const d = await decide(ctx, 'checkout');
        expect(data(await run(ctx, { operation: 'feedback', decisionId: d.decisionId, reward: 1 }))).toMatchObject({
          queued: false,
        });
      }
      await store.onModuleDestroy(); // writes both tenants' snapshots
      const snapshot = (tenantId: string) =>
        real.get<{ domain: string }>({ tenantId, namespace: 'bandits.snapshots' }, 'checkout:linucb');
      expect([await snapshot('acme'), await snapshot('globex')]).toEqual([
        match.objectContaining({ domain: 'checkout' }),
        match.objectContaining({ domain: 'checkout' }),
      ]);

      calls.length = 0;
      expect(data(await put(A, ['one', 'two', 'three']))).toMatchObject({ outcome: 'replaced' });
      expect(tenantsTouched(calls)).toEqual(['acme']);
      expect([await snapshot('acme'), await snapshot('globex')]).toEqual([
        undefined,
        match.objectContaining({ domain: 'checkout' }),
      ]);
      expect((await summary(A, 'checkout')).algorithms.linucb).toMatchObject({
        decisions: 0,
        feedbacks: 0,
        updates: 0,
      });
      expect((await summary(B, 'checkout')).algorithms.linucb).toMatchObject({
        decisions: 1,
        feedbacks: 1,
        updates: 1,
      });
      expect((await summary(B, 'checkout')).actions).toEqual(['x', 'y', 'z']);

      calls.length = 0;
      const switched = await run(A, {
        operation: 'switch_default',
        domain: 'model_routing',
        algorithm: 'doubly_robust',
      });
      expect(data(switched)).toEqual({ domain: 'model_routing', defaultAlgorithm: 'doubly_robust' });
      expect(tenantsTouched(calls)).toEqual(['acme']);
      expect([(await decide(A, 'model_routing')).algorithm, (await decide(B, 'model_routing')).algorithm]).toEqual([
        'doubly_robust',
        'linucb',
      ]);
      const record = (tenantId: string) =>
        real.get<{ runtime: { name: string; actions: string[] }[]; defaults: object }>(
          { tenantId, namespace: 'bandits.domains' },
          'runtime',
        );
      expect(await record('acme')).toEqual({
        runtime: [match.objectContaining({ name: 'checkout', actions: ['one', 'two', 'three'] })],
        defaults: { model_routing: 'doubly_robust' },
      });
      expect(await record('globex')).toEqual({
        runtime: [match.objectContaining({ name: 'checkout', actions: ['x', 'y', 'z'] })],
        defaults: {},
      });
    });

    it('counts bandits.maxDomains per tenant: a full tenant does not stop another', async () => {
      const { run } = await boot({ maxDomains: 4 });
      const put = (ctx: OrchestrationContext, domain: string) =>
        run(ctx, { operation: 'put_domain', domain, definition: { actions: ['a', 'b'] } });
      expect(data(await put(A, 'first'))).toMatchObject({ outcome: 'created' });
      expect(await put(A, 'second')).toEqual({
        status: 'error',
        error: 'At most 4 domains per tenant',
        category: 'conflict',
        retryable: false,
      });
      expect(data(await put(B, 'first'))).toMatchObject({ outcome: 'created' });
    });

    it('labels the metrics of a runtime domain `runtime`, never with the name a tenant chose', async () => {
      const { run, decide, registry } = await boot();
      await run(A, { operation: 'put_domain', domain: 'secret_plan', definition: { actions: ['a', 'b'] } });
      await decide(A, 'secret_plan');
      await decide(A, 'model_routing');
      const decisions = await registry.getSingleMetric('t_bandit_decisions_total')!.get();
      expect(decisions.values.map((v) => [v.labels, v.value])).toEqual([
        [{ domain: 'runtime', algorithm: 'linucb' }, 1],
        [{ domain: 'model_routing', algorithm: 'linucb' }, 1],
      ]);
    });
  });

  describe('domains recorded before tenancy', () => {
    it('are every tenant’s starting point; a tenant replacing one writes its own record and the others keep the old one', async () => {
      const legacy = defineDomain(
        'legacy_d',
        { actions: ['p', 'q'], algorithms: ['linucb'] },
        { dimension: 8, algorithm: AlgorithmName.LinUcb },
        true,
      );
      const { real, run, names, summary } = await boot({}, (kv) =>
        kv.set(LEGACY_DOMAINS.scope, LEGACY_DOMAINS.key, { runtime: [legacy], defaults: {} }),
      );
      expect([await names(A), await names(B)]).toEqual([
        [...CONFIGURED, 'legacy_d'],
        [...CONFIGURED, 'legacy_d'],
      ]);
      const replaced = await run(A, {
        operation: 'put_domain',
        domain: 'legacy_d',
        definition: { actions: ['r', 's', 't'], algorithms: ['linucb'] },
      });
      expect(data(replaced)).toMatchObject({ outcome: 'replaced' });
      expect([(await summary(A, 'legacy_d')).actions, (await summary(B, 'legacy_d')).actions]).toEqual([
        ['r', 's', 't'],
        ['p', 'q'],
      ]);
      expect(await real.get({ tenantId: 'globex', namespace: 'bandits.domains' }, 'runtime')).toBeUndefined();
      expect(await real.get(LEGACY_DOMAINS.scope, LEGACY_DOMAINS.key)).toEqual({ runtime: [legacy], defaults: {} });
    });
  });
});
