import { sql } from 'kysely';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { bootBandits, openBanditsDatabase, sqlKeyValue, type BanditsWorld } from '../../../test/fixtures/bandits-log';
import { testConfig } from '../../../test/fixtures/test-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import type { Scheduler } from '../../core/ports/scheduler.port';
import type { StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom } from '../../core/runtime/random';
import type { BanditsJournal } from './bandits.journal';
import { BanditsRetention } from './bandits.retention';

const T0 = Date.UTC(2026, 11, 7, 9);
const ctx = OrchestrationContext.create({ tenantId: 't1' });

function data<T>(result: StepResult<T>): T {
  if (result.status !== 'ok') throw new Error(JSON.stringify(result));
  return result.data;
}

/** A scheduler that records what is scheduled and runs nothing by itself. */
function recordingScheduler(): Scheduler & { readonly scheduled: [string, number][] } {
  const scheduled: [string, number][] = [];
  return {
    scheduled,
    every: async (name, everyMs) => void scheduled.push([name, everyMs]),
    cancel: async () => true,
    close: async () => undefined,
  };
}

describe('durable bandits: retention of the log', () => {
  let database: OpenedDatabase;
  let clock: ManualClock;
  let world: BanditsWorld;
  const persistence = { inputLogMaxAgeMs: 60_000, inputLogMaxRows: 1000, compactEveryMs: 5000 };
  beforeEach(async () => {
    database = await openBanditsDatabase();
    clock = new ManualClock(T0);
    world = {
      database,
      kv: sqlKeyValue(database, clock),
      clock,
      ids: sequentialIds('d'),
      random: seededRandom(3),
      config: { bandits: { decisionTtlMs: 5000 }, persistence },
    };
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  const retention = (journal: BanditsJournal) =>
    new BanditsRetention(testConfig(world.config), journal, recordingScheduler(), clock);
  const seqs = async (table: string) =>
    (await database.db.selectFrom(table).select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));

  it('deletes expired old decisions and old rewards once the stored snapshots reflect them, never before', async () => {
    const first = await bootBandits(world);
    const decided = [];
    for (let i = 0; i < 3; i++)
      decided.push(data(await first.service.decide(ctx, 'content_analysis', { userId: `u${i}` })));
    await first.service.feedback(ctx, { decisionId: decided[0].decisionId, reward: 1 });
    await first.service.feedback(ctx, { decisionId: decided[1].decisionId, reward: 0.5 });
    const domain = (await first.store.domain('t1', 'content_analysis'))!;
    const state = await first.store.state('t1', domain);
    await first.store.saveAll(state); // the snapshots now reflect rewards 1-2 and decisions 1-3
    const third = data(await first.service.feedback(ctx, { decisionId: decided[2].decisionId, reward: 1 }));
    const sut = retention(first.journal);

    clock.advance(30_000);
    expect(await sut.compact()).toEqual({ decisions: 0, rewards: 0 }); // nothing older than a minute yet
    clock.advance(35_000);
    data(await first.service.decide(ctx, 'content_analysis', { userId: 'u3' })); // decision 4, expires in 5 s
    clock.advance(6_000);
    expect(await sut.compact()).toEqual({ decisions: 3, rewards: 2 });
    // Decision 4 expired but is younger than a minute; reward 3 is in no snapshot.
    expect([await seqs('bandit_decisions'), await seqs('bandit_rewards')]).toEqual([[4], [3]]);

    // After a crash the learners and counters are rebuilt whole; the off-policy log holds the rows kept.
    const second = await bootBandits(world);
    const rebuilt = await second.store.state('t1', domain);
    for (const algorithm of domain.algorithms) {
      expect(rebuilt.learner(algorithm).snapshot()).toEqual(state.learner(algorithm).snapshot());
      const { sinceSnapshot: _a, ...counters } = rebuilt.counter(algorithm);
      const { sinceSnapshot: _b, ...expected } = state.counter(algorithm);
      expect([algorithm, counters]).toEqual([algorithm, expected]);
    }
    expect(rebuilt.events.size).toBe(1);
    // A retry is recognised while its reward row is kept.
    expect(await second.service.feedback(ctx, { decisionId: decided[2].decisionId, reward: 1 })).toEqual({
      status: 'ok',
      data: third,
    });
    expect(await second.service.feedback(ctx, { decisionId: decided[0].decisionId, reward: 1 })).toMatchObject({
      status: 'error',
      category: 'not_found',
    });

    await second.store.saveAll(rebuilt);
    clock.advance(61_000);
    expect(await retention(second.journal).compact()).toEqual({ decisions: 1, rewards: 1 });
    expect([await seqs('bandit_decisions'), await seqs('bandit_rewards')]).toEqual([[], []]);
  });

  it('keeps at most inputLogMaxRows rewards, deleting beyond them only what the snapshots reflect', async () => {
    const { journal } = await bootBandits(world);
    await sql`insert into bandit_rewards (tenant_id, reward_key, domain, x, action, reward, propensity, at)
      select 'bulk', 'port:' || n, 'd', '[0]'::jsonb, 0, 1, 1, ${T0} from generate_series(1, 1010) n`.execute(
      database.db,
    );
    const sut = retention(journal);
    const mark = (seq: number) => journal.repository.setMark('bulk', 'd', seq, 0);
    expect(await sut.compact()).toEqual({ decisions: 0, rewards: 0 }); // no snapshot yet
    await mark(5);
    expect(await sut.compact()).toEqual({ decisions: 0, rewards: 5 });
    await mark(1005);
    expect(await sut.compact()).toEqual({ decisions: 0, rewards: 5 });
    expect(await sut.compact()).toEqual({ decisions: 0, rewards: 0 });
    expect((await seqs('bandit_rewards')).slice(0, 2)).toEqual([11, 12]);
  });

  it('runs every persistence.compactEveryMs in durable mode, and not at all in memory mode', async () => {
    const durable = recordingScheduler();
    await new BanditsRetention(
      testConfig({ persistence }),
      (await bootBandits(world)).journal,
      durable,
      clock,
    ).onApplicationBootstrap();
    const memory = recordingScheduler();
    const config = testConfig({ persistence: { ...persistence, durability: 'memory' } });
    const inMemory = await bootBandits({ ...world, config: { persistence: { durability: 'memory' } } });
    await new BanditsRetention(config, inMemory.journal, memory, clock).onApplicationBootstrap();
    expect([durable.scheduled, memory.scheduled]).toEqual([[['bandits.compact', 5000]], []]);
  });
});
