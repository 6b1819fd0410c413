import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import { testConfig } from '../../../test/fixtures/test-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { SqlKeyValueStore } from '../../core/persistence/sql-key-value.store';
import type { Job, JobQueue } from '../../core/ports/job-queue.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { defineDomain } from './bandit-domains';
import { BanditsMetrics } from './bandits.metrics';
import { BanditsService } from './bandits.service';
import { BanditsStore } from './bandits.store';
import { BanditsUpdates, type BanditsChange } from './bandits.updates';
import { DomainState } from './domain-state';
import { contextVector } from './features';
import { match } from '../../../test/fixtures/matchers';

/**
 * The queue of a cluster as the updates see it in Redis mode: one job at a time (global concurrency 1), handed to
 * the registered consumers in turn, so the consumer moves between instances from one job to the next.
 */
class ClusterQueue {
  private readonly handlers: ((job: Job) => Promise<unknown>)[] = [];
  private readonly ids = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  private turn = 0;
  readonly ranOn: number[] = [];

  member(): JobQueue {
    return {
      add: async (queue, data, options) => {
        const id = options?.jobId ?? `job-${this.ids.size}`;
        if (this.ids.has(id)) return { id, deduplicated: true };
        this.ids.add(id);
        this.chain = this.chain.then(() => {
          const n = this.turn++ % this.handlers.length;
          this.ranOn.push(n);
          return this.handlers[n]({ id, queue, data, attempt: 1, signal: new AbortController().signal });
        });
        return { id, deduplicated: false };
      },
      process: (_queue, handler) => void this.handlers.push(handler as (job: Job) => Promise<unknown>),
      counts: async () => ({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 }),
      deadLetters: async () => [],
      close: async () => undefined,
    };
  }

  idle(): Promise<unknown> {
    return this.chain;
  }
}

/** Pub/sub between the instances: every subscriber gets every message, asynchronously. */
class Broadcast {
  private readonly subscribers: ((m: BanditsChange) => void)[] = [];
  /** Every message published, in order. */
  readonly sent: BanditsChange[] = [];
  channel(): MessageChannel<BanditsChange> {
    return {
      publish: async (m) => {
        this.sent.push(m);
        this.subscribers.forEach((s) => setImmediate(() => s(m)));
      },
      subscribe: async (handler) => void this.subscribers.push(handler),
      close: async () => undefined,
    };
  }
}

const T0 = Date.UTC(2026, 10, 24, 10);

describe('bandit updates in scale-out mode (two instances, one shared store, queue and channel)', () => {
  const config = testConfig({ persistence: { redisUrl: 'redis://127.0.0.1:1' } }); // read for the mode only: nothing connects
  const clock = new ManualClock(T0);
  const ctx = OrchestrationContext.create({ tenantId: 't1' });

  async function cluster() {
    const database = await openTestDatabase();
    const kv = new SqlKeyValueStore(database.db, clock);
    const queue = new ClusterQueue();
    const broadcast = new Broadcast();
    const instances = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const metrics = new BanditsMetrics(new MetricsRegistry(`${name}_`));
        const store = new BanditsStore(config.bandits, config, kv, clock, metrics);
        const updates = new BanditsUpdates(
          store,
          metrics,
          queue.member(),
          broadcast.channel(),
          sequentialIds(`${name}-instance`),
        );
        const service = new BanditsService(
          config.bandits,
          store,
          metrics,
          kv,
          clock,
          sequentialIds(`${name}-decision`),
          seededRandom(name === 'a' ? 1 : 2),
          updates,
        );
        await store.onApplicationBootstrap();
        await updates.onApplicationBootstrap();
        return { store, updates, service };
      }),
    );
    const settle = async () => {
      await queue.idle();
      await new Promise((r) => setImmediate(r));
      await Promise.all(instances.map((i) => i.updates.settled()));
    };
    return { database, kv, queue, broadcast, instances, settle };
  }

  it(
    'serialises updates answered on either instance: no update is lost as the consumer moves, and both instances end with the same learners',
    async () => {
      const { database, queue, instances, settle } = await cluster();
      const [a, b] = instances;
      const domain = (await a.store.domain('t1', 'model_routing'))!;
      // What one instance applying the same updates in the same order holds.
      const reference = new DomainState('t1', domain, 100);
      for (let i = 0; i < 12; i++) {
        const features = { complexity: (i % 5) / 5, priority: 0.5 };
        const d = await (i % 3 === 0 ? b : a).service.decide(ctx, 'model_routing', { userId: `u${i}`, features });
        if (d.status !== 'ok') throw new Error(JSON.stringify(d));
        const reward = (i % 4) / 4;
        const answered = await (i % 2 === 0 ? a : b).service.feedback(ctx, { decisionId: d.data.decisionId, reward });
        expect(answered.status === 'ok' && answered.data.queued).toBe(true);
        const x = contextVector({
          userId: `u${i}`,
          domain: domain.name,
          features,
          timestampMs: T0,
          dimension: domain.dimension,
          featureNames: domain.featureNames,
        });
        for (const algorithm of domain.algorithms)
          reference.learner(algorithm).update(x, d.data.actionIndex, reward, d.data.propensity);
        if (i % 4 === 3) await settle(); // some answers pile up in the queue, some are applied one by one
      }
      await settle();
      expect(new Set(queue.ranOn)).toEqual(new Set([0, 1])); // both instances consumed
      const [stateA, stateB] = await Promise.all([a.store.state('t1', domain), b.store.state('t1', domain)]);
      for (const algorithm of domain.algorithms) {
        expect([algorithm, stateA.revision(algorithm), stateB.revision(algorithm)]).toEqual([algorithm, 12, 12]);
        const expected = JSON.stringify(reference.learner(algorithm).snapshot());
        expect([algorithm, JSON.stringify(stateA.learner(algorithm).snapshot())]).toEqual([algorithm, expected]);
        expect([algorithm, JSON.stringify(stateB.learner(algorithm).snapshot())]).toEqual([algorithm, expected]);
      }
      // Decisions are counted where they were made (4 on b, 8 on a); answers where they were applied, shared by the snapshot.
      const counters = [stateA, stateB]
        .map((s) => s.counter(AlgorithmName.LinUcb))
        .map((c) => [c.decisions, c.feedbacks, c.rewardSum]);
      expect(counters).toEqual([
        [8, 12, 4.5],
        [4, 12, 4.5],
      ]);
      await database.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'a domain created on one instance reaches the other, whose consumer then applies its updates',
    async () => {
      const { database, instances, settle } = await cluster();
      const [a, b] = instances;
      const definition = defineDomain(
        'checkout',
        { actions: ['one', 'two'], algorithms: ['linucb'] },
        { dimension: 8, algorithm: AlgorithmName.LinUcb },
        true,
      );
      // b holds t1's domains before a creates one: the announcement, not a first read, must bring it.
      expect((await b.store.list('t1')).map((d) => d.name)).toEqual([
        'model_routing',
        'content_analysis',
        'user_engagement',
      ]);
      expect(await a.store.putDomain('t1', definition)).toBe('created');
      await settle();
      expect((await b.store.domain('t1', 'checkout'))?.actions).toEqual(['one', 'two']);
      const d = await b.service.decide(ctx, 'checkout', { userId: 'u1' });
      if (d.status !== 'ok') throw new Error(JSON.stringify(d));
      await b.service.feedback(ctx, { decisionId: d.data.decisionId, reward: 1 });
      await b.service.update('checkout', 'two', [1, 0, 0, 0, 0, 0, 0, 0], 0.5, 't1');
      await settle();
      const states = await Promise.all(
        instances.map(async (i) => i.store.state('t1', (await i.store.domain('t1', 'checkout'))!)),
      );
      expect(states.map((s) => s.revision(AlgorithmName.LinUcb))).toEqual([2, 2]);
      expect(states.map((s) => s.counter(AlgorithmName.LinUcb).feedbacks)).toEqual([1, 1]); // the port update is not an answered decision
      // Shared mode: shutdown writes nothing (the consumer already did), so the stored revision stays.
      await Promise.all(instances.map((i) => i.store.onModuleDestroy()));
      await a.store.refresh(states[0]);
      expect(states[0].revision(AlgorithmName.LinUcb)).toBe(2);
      await database.close();
    },
    BOOT_TIMEOUT_MS,
  );
  it(
    'announces a change with its tenant: the other instance takes that tenant’s domain, another tenant sees nothing, and a decision answered by another tenant queues nothing',
    async () => {
      const { database, queue, broadcast, instances, settle } = await cluster();
      const [a, b] = instances;
      const t2 = OrchestrationContext.create({ tenantId: 't2' });
      const configured = ['model_routing', 'content_analysis', 'user_engagement'];
      // b holds both tenants' domains before the change.
      expect([(await b.store.list('t1')).length, (await b.store.list('t2')).length]).toEqual([3, 3]);
      const definition = defineDomain(
        'checkout',
        { actions: ['one', 'two'], algorithms: ['linucb'] },
        { dimension: 8, algorithm: AlgorithmName.LinUcb },
        true,
      );
      expect(await a.store.putDomain('t1', definition)).toBe('created');
      await settle();
      expect(broadcast.sent).toEqual([{ instance: 'a-instance-1', kind: 'domains', tenantId: 't1' }]);
      expect((await b.store.list('t1')).map((d) => d.name)).toEqual([...configured, 'checkout']);
      expect((await b.store.list('t2')).map((d) => d.name)).toEqual(configured);
      const d = await b.service.decide(ctx, 'checkout', { userId: 'u1' });
      if (d.status !== 'ok') throw new Error(JSON.stringify(d));
      expect(await a.service.feedback(t2, { decisionId: d.data.decisionId, reward: 1 })).toMatchObject({
        status: 'error',
        category: 'not_found',
      });
      await settle();
      expect(queue.ranOn).toEqual([]);
      expect(await a.service.feedback(ctx, { decisionId: d.data.decisionId, reward: 1 })).toMatchObject({
        status: 'ok',
        data: { queued: true },
      });
      await settle();
      expect(broadcast.sent.slice(1)).toEqual([
        { instance: match.any(String), kind: 'learners', tenantId: 't1', domain: 'checkout' },
      ]);
      await database.close();
    },
    BOOT_TIMEOUT_MS,
  );
});
