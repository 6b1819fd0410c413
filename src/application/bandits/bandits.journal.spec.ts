import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { bootBandits, openBanditsDatabase, sqlKeyValue, type BanditsWorld } from '../../../test/fixtures/bandits-log';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import type { StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { defineDomain } from './bandit-domains';
import type { Decision } from './bandits.service';

const T0 = Date.UTC(2026, 11, 7, 9);
const ctx = OrchestrationContext.create({ tenantId: 't1' });
const X = [1, 0, 0.5, 0, 0, 0, 0, 0.25];

function data<T>(result: StepResult<T>): T {
  if (result.status !== 'ok') throw new Error(JSON.stringify(result));
  return result.data;
}

describe('durable bandits: the journal', () => {
  let database: OpenedDatabase;
  let world: BanditsWorld;
  beforeEach(async () => {
    database = await openBanditsDatabase();
    const clock = new ManualClock(T0);
    world = { database, kv: sqlKeyValue(database, clock), clock, ids: sequentialIds('d'), random: seededRandom(5) };
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  const rows = async (table: string) =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers the same answer sent twice at once (one batch) with one body, and learns it once', async () => {
    const { service, store, journal } = await bootBandits(world);
    const d = data(await service.decide(ctx, 'content_analysis', { userId: 'u1' }));
    const [first, second, other] = await Promise.all([
      service.feedback(ctx, { decisionId: d.decisionId, reward: 0.25 }),
      service.feedback(ctx, { decisionId: d.decisionId, reward: 0.25 }),
      service.feedback(ctx, { decisionId: d.decisionId, reward: 0.5 }),
    ]);
    expect(first).toEqual({
      status: 'ok',
      data: {
        decisionId: 'd-1',
        domain: 'content_analysis',
        action: 'quick',
        algorithm: 'linucb',
        reward: 0.25,
        updated: ['doubly_robust', 'offset_tree', 'linucb', 'thompson_sampling', 'epsilon_greedy'],
        queued: false,
      },
    });
    expect(second).toEqual(first);
    expect(other).toMatchObject({ status: 'error', category: 'not_found' });
    expect(journal.stats).toEqual({ batches: 3, items: 5, largestBatch: 3 });
    const state = await store.state('t1', (await store.domain('t1', 'content_analysis'))!);
    expect([state.learner(AlgorithmName.LinUcb).updates, state.counter(AlgorithmName.LinUcb).feedbacks]).toEqual([
      1, 1,
    ]);
    expect(await rows('bandit_rewards')).toBe(1);
  });

  it('learns a port update given with an idempotency key once, also after a restart', async () => {
    const first = await bootBandits(world);
    const update = () => first.service.update('model_routing', 'claude-3.5-sonnet', X, 0.5, 't1', 'signal:s1');
    await Promise.all([update(), update()]);
    await update();
    await first.service.update('model_routing', 'claude-3.5-sonnet', X, 0.5, 't1'); // no key: always learnt
    const domain = (await first.store.domain('t1', 'model_routing'))!;
    expect((await first.store.state('t1', domain)).learner(AlgorithmName.LinUcb).updates).toBe(2);
    const second = await bootBandits(world);
    await second.service.update('model_routing', 'claude-3.5-sonnet', X, 0.5, 't1', 'signal:s1');
    expect((await second.store.state('t1', domain)).learner(AlgorithmName.LinUcb).updates).toBe(2);
    const keys = await database.db.selectFrom('bandit_rewards').select('reward_key').orderBy('seq').execute();
    expect(keys.map((k) => k.reward_key as string)).toEqual(['port:signal:s1', 'port:d-1']);
  });

  it('applies a reward committed while the state loads exactly once, whichever side of the load it lands on', async () => {
    const { store, journal, updates } = await bootBandits(world);
    const domain = (await store.domain('t1', 'model_routing'))!;
    const update = { tenantId: 't1', domain: 'model_routing', x: X, action: 1, reward: 1, propensity: 1 };
    const commit = (n: number) =>
      journal.commit({
        rewards: true,
        run: (db) => journal.repository.insertReward({ ...update, key: `port:k${n}`, at: T0 }, db),
        apply: (seq) => {
          const state = store.current('t1', 'model_routing');
          if (state && seq !== undefined) updates.apply(state, update, seq);
        },
      });
    // One commit per turn of the event loop from before the load starts until after it is done.
    let loaded = false;
    const commits = [commit(0)];
    const loading = store.state('t1', domain).then((s) => ((loaded = true), s));
    while (!loaded) {
      commits.push(commit(commits.length));
      await new Promise((r) => setImmediate(r));
    }
    commits.push(commit(commits.length));
    await Promise.all(commits);
    const state = await loading;
    expect([state.learner(AlgorithmName.LinUcb).updates, state.rewardMark(AlgorithmName.LinUcb)]).toEqual([
      commits.length,
      commits.length,
    ]);
    const restarted = await bootBandits(world);
    const again = await restarted.store.state('t1', domain);
    expect(again.learner(AlgorithmName.LinUcb).snapshot()).toEqual(state.learner(AlgorithmName.LinUcb).snapshot());
  });

  it('records in each snapshot the log it reflects, and per domain what every stored learner reflects', async () => {
    world = { ...world, config: { bandits: { snapshotEvery: 2 } } };
    const { service, store } = await bootBandits(world);
    const decisions: Decision[] = [];
    for (let i = 0; i < 3; i++) decisions.push(data(await service.decide(ctx, 'user_engagement', { userId: `u${i}` })));
    await service.feedback(ctx, { decisionId: decisions[0].decisionId, reward: 1 });
    await service.feedback(ctx, { decisionId: decisions[1].decisionId, reward: 0 });
    await service.feedback(ctx, { decisionId: decisions[2].decisionId, reward: 1 });
    await store.onModuleDestroy();
    const stored = await world.kv.get({ tenantId: 't1', namespace: 'bandits.snapshots' }, 'user_engagement:linucb');
    expect(stored).toMatchObject({ revision: 2, rewardSeq: 3, decisionSeq: 3 });
    const marks = await database.db.selectFrom('bandit_marks').selectAll().execute();
    expect(
      marks.map((m) => [m.tenant_id as string, m.domain as string, Number(m.reward_seq), Number(m.decision_seq)]),
    ).toEqual([['t1', 'user_engagement', 3, 3]]);
  });

  it('forgets a replaced domain’s log: old decisions are not found, the fresh learners replay none of it', async () => {
    const { service, store } = await bootBandits(world);
    const put = (actions: string[]) =>
      store.putDomain(
        't1',
        defineDomain(
          'shop',
          { actions, algorithms: ['linucb'] },
          { dimension: 8, algorithm: AlgorithmName.LinUcb },
          true,
        ),
      );
    expect(await put(['a', 'b'])).toBe('created');
    const old = data(await service.decide(ctx, 'shop', { userId: 'u1' }));
    const answered = data(await service.decide(ctx, 'shop', { userId: 'u2' }));
    await service.feedback(ctx, { decisionId: answered.decisionId, reward: 1 });
    expect(await put(['a', 'b', 'c'])).toBe('replaced');
    expect(await service.feedback(ctx, { decisionId: old.decisionId, reward: 1 })).toMatchObject({
      status: 'error',
      category: 'not_found',
    });
    expect(await service.feedback(ctx, { decisionId: answered.decisionId, reward: 1 })).toMatchObject({
      status: 'error',
      category: 'not_found',
    });
    const fresh = data(await service.decide(ctx, 'shop', { userId: 'u3' }));
    await service.feedback(ctx, { decisionId: fresh.decisionId, reward: 0.5 });
    const restarted = await bootBandits(world);
    const state = await restarted.store.state('t1', (await restarted.store.domain('t1', 'shop'))!);
    expect([state.learner(AlgorithmName.LinUcb).updates, state.counter(AlgorithmName.LinUcb)]).toEqual([
      1,
      { decisions: 1, feedbacks: 1, rewardSum: 0.5, lastDecisionAt: T0, sinceSnapshot: 1 },
    ]);
  });
});
