import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { broadcast, ClusterQueue } from '../../../test/fixtures/bandits-cluster';
import {
  bootBandits,
  openBanditsDatabase,
  sqlKeyValue,
  type BanditsInstance,
} from '../../../test/fixtures/bandits-log';
import { testConfig } from '../../../test/fixtures/test-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import type { JobQueue } from '../../core/ports/job-queue.port';
import type { KeyValueStore } from '../../core/ports/key-value.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import type { DomainSummary } from './bandits-report';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsOrchestrator } from './bandits.orchestrator';
import { BanditsRetention } from './bandits.retention';
import type { Decision } from './bandits.types';
import type { BanditsChange } from './bandits.updates';
import { foldDecisions } from './decision-counts';
import type { StoredSnapshot } from './domain-state';

const T0 = Date.UTC(2026, 11, 8, 9);
const ctx = OrchestrationContext.create({ tenantId: 't1' });
const CONFIG = {
  bandits: { decisionTtlMs: 30_000 },
  // The Redis URL is read for the mode only: nothing connects.
  persistence: { redisUrl: 'redis://127.0.0.1:1', inputLogMaxAgeMs: 60_000 },
};

/** Per algorithm of `model_routing`: decisions shown and the last one's time. */
type Counts = Record<string, [number, number | null]>;

const counts = (some: Counts): Counts => ({
  doubly_robust: [0, null],
  offset_tree: [0, null],
  linucb: [0, null],
  thompson_sampling: [0, null],
  epsilon_greedy: [0, null],
  ...some,
});

interface Member extends BanditsInstance {
  readonly queue: JobQueue;
  readonly orchestrator: BanditsOrchestrator;
}

describe('decision counts in durable scale-out mode (instances sharing the database, queue and channel)', () => {
  let database: OpenedDatabase;
  let clock: ManualClock;
  let kv: KeyValueStore;
  let queue: ClusterQueue;
  let channel: MessageChannel<BanditsChange>;
  let members: Member[];
  beforeEach(async () => {
    database = await openBanditsDatabase();
    clock = new ManualClock(T0);
    kv = sqlKeyValue(database, clock);
    queue = new ClusterQueue();
    channel = broadcast();
    members = [];
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  async function boot(name: string): Promise<Member> {
    const member = queue.member();
    const ids = sequentialIds(name);
    const random = seededRandom(name.charCodeAt(0));
    const instance = await bootBandits({ database, kv, clock, ids, random, queue: member, channel, config: CONFIG });
    const orchestrator = new BanditsOrchestrator(instance.service, new BanditsEvaluation(instance.store));
    const m = { ...instance, queue: member, orchestrator };
    members.push(m);
    return m;
  }

  /** SIGKILL: the instance's consumer takes no more jobs, and nothing it holds is written. */
  function kill(m: Member): void {
    queue.leave(m.queue);
    members = members.filter((other) => other !== m);
  }

  async function settle(): Promise<void> {
    await queue.idle();
    await new Promise((r) => setImmediate(r));
    await Promise.all(members.map((m) => m.updates.settled()));
  }

  /** A decision of `algorithm` in `model_routing`, one second after the previous one. */
  async function decide(m: Member, algorithm: string, idempotencyKey?: string): Promise<Decision> {
    clock.advance(1000);
    const r = await m.service.decide(ctx, 'model_routing', { userId: 'u1', algorithm, idempotencyKey });
    if (r.status !== 'ok') throw new Error(JSON.stringify(r));
    return r.data;
  }

  async function answer(m: Member, d: Decision): Promise<void> {
    expect(await m.service.feedback(ctx, { decisionId: d.decisionId, reward: 0.5 })).toMatchObject({ status: 'ok' });
  }

  /** What `GET /bandits/summary` shows of `model_routing`'s decisions on each instance. */
  async function shown(...ms: Member[]): Promise<Counts[]> {
    return Promise.all(
      ms.map(async (m) => {
        const r = await m.orchestrator.orchestrate(ctx, { operation: 'summary' });
        if (r.status !== 'ok') throw new Error(JSON.stringify(r));
        const { algorithms } = (r.data as { domains: Record<string, DomainSummary> }).domains.model_routing;
        return Object.fromEntries(Object.entries(algorithms).map(([a, s]) => [a, [s.decisions, s.lastDecisionAt]]));
      }),
    );
  }

  const stored = (algorithm: string) =>
    kv.get<StoredSnapshot>({ tenantId: 't1', namespace: 'bandits.snapshots' }, `model_routing:${algorithm}`);

  it(
    'shows on every instance every decision of the cluster once, before and after the consumer counts them into the stored learners',
    async () => {
      const [a, b] = [await boot('a'), await boot('b')];
      const d1 = await decide(a, 'linucb');
      await decide(a, 'linucb');
      const d3 = await decide(b, 'thompson_sampling');
      await decide(b, 'linucb');
      const keyed = await decide(a, 'epsilon_greedy', 'k1');
      // The same keyed request on the other instance gets the same decision back and counts nothing.
      expect(await decide(b, 'epsilon_greedy', 'k1')).toEqual(keyed);
      const before = counts({
        linucb: [3, T0 + 4000],
        thompson_sampling: [1, T0 + 3000],
        epsilon_greedy: [1, T0 + 5000],
      });
      expect(await shown(a, b)).toEqual([before, before]);

      await answer(b, d1);
      await answer(a, d3);
      await settle();
      // The consumer counted the five logged decisions into the learners it wrote, up to the newest (seq 5).
      expect(await stored('linucb')).toMatchObject({ decisionSeq: 5, counters: { decisions: 3, feedbacks: 1 } });
      expect(await stored('offset_tree')).toMatchObject({ decisionSeq: 5, counters: { decisions: 0 } });
      const marks = await database.db.selectFrom('bandit_marks').select('decision_seq').execute();
      expect(marks.map((m) => Number(m.decision_seq))).toEqual([5]);
      // Both instances re-read those learners: what they show is unchanged.
      expect(await shown(a, b)).toEqual([before, before]);

      await decide(b, 'linucb');
      const after = { ...before, linucb: [4, T0 + 7000] as [number, number] };
      expect(await shown(a, b)).toEqual([after, after]);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'shows the exact total on an instance restarted after a kill, also when the consumer died between counting and writing',
    async () => {
      const [a, b] = [await boot('a'), await boot('b')];
      const first = await decide(a, 'linucb');
      await decide(a, 'linucb');
      await decide(b, 'linucb');
      await decide(b, 'doubly_robust');
      await answer(b, first);
      await settle();
      expect(await stored('linucb')).toMatchObject({ decisionSeq: 4, counters: { decisions: 3 } });
      await decide(b, 'linucb');
      await decide(b, 'linucb');
      // b counts the two new decisions into the learners it holds, and is killed before it writes them.
      await foldDecisions(
        b.journal.repository,
        await b.store.state('t1', (await b.store.domain('t1', 'model_routing'))!),
      );
      kill(b);
      const c = await boot('c');
      const total = counts({ linucb: [5, T0 + 6000], doubly_robust: [1, T0 + 4000] });
      expect(await shown(a, c)).toEqual([total, total]);

      // Both killed at once; one restarts, answers, and the consumer (either) counts and writes.
      kill(a);
      kill(c);
      const d = await boot('d');
      expect(await shown(d)).toEqual([total]);
      const e = await boot('e');
      await answer(e, await decide(d, 'thompson_sampling'));
      await settle();
      expect(await stored('linucb')).toMatchObject({ decisionSeq: 7, counters: { decisions: 5 } });
      const last = { ...total, thompson_sampling: [1, T0 + 7000] as [number, number] };
      expect(await shown(d, e)).toEqual([last, last]);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'deletes an old decision only once the stored learners count it: retention queues a catch-up for decisions no answer brought',
    async () => {
      const [a, b] = [await boot('a'), await boot('b')];
      await decide(a, 'linucb');
      await decide(b, 'linucb');
      await decide(b, 'thompson_sampling');
      const total = counts({ linucb: [2, T0 + 2000], thompson_sampling: [1, T0 + 3000] });
      const scheduler = { every: async () => undefined, cancel: async () => true, close: async () => undefined };
      const sut = new BanditsRetention(testConfig(CONFIG), a.journal, scheduler, clock, a.updates);
      clock.advance(61_000);

      expect(await sut.compact()).toEqual({ decisions: 0, rewards: 0 });
      expect(queue.added).toEqual([{ tenantId: 't1', domain: 'model_routing' }]);
      await settle();
      expect(await sut.compact()).toEqual({ decisions: 3, rewards: 0 });
      expect(await shown(a, b)).toEqual([total, total]);
      expect(await shown(await boot('c'))).toEqual([total]);
    },
    BOOT_TIMEOUT_MS,
  );
});
