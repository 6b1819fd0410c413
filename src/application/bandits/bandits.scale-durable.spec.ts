import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { broadcast, ClusterQueue } from '../../../test/fixtures/bandits-cluster';
import {
  bootBandits,
  openBanditsDatabase,
  sqlKeyValue,
  type BanditsInstance,
} from '../../../test/fixtures/bandits-log';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { BanditsRepository } from './bandits.repository';
import { DomainState } from './domain-state';

const T0 = Date.UTC(2026, 11, 7, 9);
const ctx = OrchestrationContext.create({ tenantId: 't1' });

describe('durable bandits in scale-out mode (instances sharing the database, queue and channel)', () => {
  let database: OpenedDatabase;
  beforeEach(async () => {
    database = await openBanditsDatabase();
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  it(
    'learns every logged reward once, in log order: a job lost between commit and queue is made up by the next job, or at the next boot',
    async () => {
      const clock = new ManualClock(T0);
      const kv = sqlKeyValue(database, clock);
      const queue = new ClusterQueue();
      const channel = broadcast();
      const boot = (name: string) =>
        bootBandits({
          database,
          kv,
          clock,
          ids: sequentialIds(name),
          random: seededRandom(name.length),
          queue: queue.member(),
          channel,
          config: { persistence: { redisUrl: 'redis://127.0.0.1:1' } }, // read for the mode only: nothing connects
        });
      const settle = async (instances: BanditsInstance[]) => {
        await queue.idle();
        await new Promise((r) => setImmediate(r));
        await Promise.all(instances.map((i) => i.updates.settled()));
      };
      const [a, b] = [await boot('a'), await boot('b')];
      const answer = async (decider: BanditsInstance, answerer: BanditsInstance, reward: number) => {
        const d = await decider.service.decide(ctx, 'model_routing', { userId: 'u1' });
        if (d.status !== 'ok') throw new Error(JSON.stringify(d));
        return answerer.service.feedback(ctx, { decisionId: d.data.decisionId, reward });
      };
      for (let i = 0; i < 6; i++) {
        queue.lose = i === 2;
        expect(await answer(i % 2 ? a : b, i % 3 ? a : b, i / 10)).toMatchObject({
          status: 'ok',
          data: { queued: true },
        });
      }
      queue.lose = false;
      await settle([a, b]);
      const domain = (await a.store.domain('t1', 'model_routing'))!;
      // What the log says the learners must hold: every logged reward, in seq order.
      const expected = async () => {
        const reference = new DomainState('t1', domain, 10);
        for (const row of await new BanditsRepository(database).rewardsAfter('t1', 'model_routing', 0))
          for (const algorithm of domain.algorithms)
            reference.learner(algorithm).update(row.x, row.action, row.reward, row.propensity);
        return domain.algorithms.map((algorithm) => reference.learner(algorithm).snapshot());
      };
      const held = async (i: BanditsInstance) => {
        const state = await i.store.state('t1', domain);
        return domain.algorithms.map((algorithm) => state.learner(algorithm).snapshot());
      };
      expect(queue.added).toHaveLength(5);
      expect(await held(a)).toEqual(await expected());
      expect(await held(b)).toEqual(await expected());
      expect((await a.store.state('t1', domain)).counter(AlgorithmName.LinUcb).feedbacks).toBe(6);

      // The seventh answer's job is lost and no other follows: the next instance to boot queues a catch-up.
      queue.lose = true;
      await answer(a, b, 0.7);
      queue.lose = false;
      expect((await held(a))[2]).toMatchObject({ updates: 6 });
      const c = await boot('c');
      await settle([a, b, c]);
      expect(queue.added.slice(5)).toEqual([{ tenantId: 't1', domain: 'model_routing' }]);
      const seven = await expected();
      expect(seven[2]).toMatchObject({ updates: 7 });
      for (const i of [a, b, c]) expect(await held(i)).toEqual(seven);
      const marks = await database.db.selectFrom('bandit_marks').selectAll().execute();
      expect(marks.map((m) => [m.domain as string, Number(m.reward_seq)])).toEqual([['model_routing', 7]]);
    },
    BOOT_TIMEOUT_MS,
  );
});
