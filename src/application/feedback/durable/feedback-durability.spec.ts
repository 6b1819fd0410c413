import { T0 } from '../../../../test/fixtures/feedback-hub';
import {
  drainAll,
  durableFeedbackHub,
  feedbackStateOf,
  migratedFeedbackDatabase,
  randomSignal,
} from '../../../../test/fixtures/feedback-journal';
import { OrchestrationContext } from '../../../core/context/orchestration-context';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds, type IdGenerator } from '../../../core/runtime/id-generator';
import { seededRandom } from '../../../core/runtime/random';
import { FeedbackJournal } from './feedback-journal';

jest.setTimeout(120_000);

const durableHub = (database: OpenedDatabase, clock: ManualClock, ids: IdGenerator) =>
  durableFeedbackHub(database, clock, ids);

function withoutDepth(result: unknown): unknown {
  const r = result as { data?: { queueSize?: number } };
  return r.data ? { ...r, data: { ...r.data, queueSize: undefined } } : r;
}

describe('durable feedback: the state after crashes equals the state without them', () => {
  let databases: OpenedDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.map((d) => d.close()));
    databases = [];
  });

  it.each([1, 2, 3])(
    'seed %i: 400 submits over two tenants, partial drains, write-behind and crashes at random points',
    async (seed) => {
      const [a, b] = await Promise.all([migratedFeedbackDatabase(), migratedFeedbackDatabase()]);
      databases = [a, b];
      const rng = seededRandom(seed);
      const clock = new ManualClock(T0);
      // Generated ids continue across the restarts, as random ones would not repeat.
      const ids = sequentialIds('sig');
      const reference = durableHub(a, clock, sequentialIds('sig'));
      let crashing = durableHub(b, clock, ids);
      await crashing.durability.recover();
      const sent: string[] = [];
      let crashes = 0;
      for (let i = 0; i < 400; i++) {
        clock.advance(1 + Math.floor(rng.next() * 50));
        const ctx = OrchestrationContext.create({
          tenantId: rng.next() < 0.6 ? 'acme' : 'globex',
          requestId: `r-${i}`,
        });
        const input = randomSignal(rng, i, sent);
        const [expected, got] = await Promise.all([reference.hub.submit(ctx, input), crashing.hub.submit(ctx, input)]);
        // The answer after a crash is the answer without one (a retry of an acknowledged id is a duplicate). Only the
        // queue's depth may differ: signals delivered after the last snapshot are queued again by a recovery.
        expect(withoutDepth(got)).toEqual(withoutDepth(expected));
        if (input.signalId) sent.push(input.signalId);
        const roll = rng.next();
        if (roll < 0.1) {
          const n = 1 + Math.floor(rng.next() * 20);
          await Promise.all([reference.hub.drainOnce(n), crashing.hub.drainOnce(n)]);
        } else if (roll < 0.15) await crashing.durability.saveChanged();
        else if (roll < 0.2) {
          crashes++;
          crashing = durableHub(b, clock, ids);
          await crashing.durability.recover();
        }
      }
      await drainAll(reference.hub);
      await drainAll(crashing.hub);
      expect(crashes).toBeGreaterThan(10);
      for (const tenant of ['acme', 'globex'])
        expect(feedbackStateOf(crashing.hub, tenant)).toEqual(feedbackStateOf(reference.hub, tenant));
      expect(crashing.hub.view('acme').counts.accepted).toBe(reference.hub.view('acme').counts.accepted);
      expect(crashing.hub.view('acme').counts.accepted).toBeGreaterThan(100);
    },
  );

  it('a retry of an acknowledged id after a restart answers as a duplicate and changes nothing', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const ids = sequentialIds('sig');
    const first = durableHub(database, clock, ids);
    await first.durability.recover();
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    const signal = { signalId: 'once', componentType: 'tool', componentId: 'search', reward: 0.8 } as const;
    expect(await first.hub.submit(ctx, signal)).toEqual({
      status: 'ok',
      data: { signalId: 'once', componentType: 'tool', queued: true, duplicate: false, queueSize: 1 },
    });
    // kill -9: nothing written behind, nothing drained.
    const second = durableHub(database, clock, ids);
    expect(await second.durability.recover()).toEqual({ tenants: 0, replayed: 1, requeued: 0 });
    expect(await second.hub.submit(ctx, signal)).toEqual({
      status: 'ok',
      data: { signalId: 'once', componentType: 'tool', queued: false, duplicate: true, queueSize: 1 },
    });
    // The same id from another tenant is another signal.
    const other = OrchestrationContext.create({ tenantId: 'globex', requestId: 'r-2' });
    expect(await second.hub.submit(other, signal)).toMatchObject({ data: { queued: true, duplicate: false } });
    await drainAll(second.hub);
    expect(second.hub.view('acme').counts).toMatchObject({ accepted: 1, processed: 1 });
    expect(second.hub.view('acme').learning.tools.get('search')).toMatchObject({ samples: 1, reward: 0.8 });
  });

  it('compaction deletes only entries the stored state covers, once past the age limit', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const { hub, durability } = durableHub(database, clock, sequentialIds('sig'));
    await durability.recover();
    const journal = new FeedbackJournal(database);
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    for (let i = 0; i < 30; i++)
      await hub.submit(ctx, { signalId: `old-${i}`, componentType: 'tool', componentId: 'search', reward: 0.5 });
    await drainAll(hub);
    await durability.saveChanged();
    clock.advance(3_600_000);
    // Ten more, delivered but not yet written behind: the stored snapshot does not cover them.
    for (let i = 0; i < 10; i++)
      await hub.submit(ctx, { signalId: `new-${i}`, componentType: 'tool', componentId: 'search', reward: 0.5 });
    await drainAll(hub);
    expect(await journal.compact(clock.now() + 3_600_000, 60_000, 1_000_000)).toBe(30);
    expect((await journal.size()).rows).toBe(10);
    // Past the count limit too, but still uncovered: kept.
    expect(await journal.compact(clock.now(), 60_000, 1000)).toBe(0);
    // Written behind, they go by count (the newest 5 kept), and the state survives a restart without them.
    await durability.saveChanged();
    expect(await journal.compact(clock.now(), 31_536_000_000, 5)).toBe(5);
    const restarted = durableHub(database, clock, sequentialIds('sig2'));
    await restarted.durability.recover();
    expect(restarted.hub.view('acme').counts).toMatchObject({ accepted: 40, processed: 40 });
    expect(restarted.hub.view('acme').learning.tools.get('search')).toMatchObject({ samples: 40 });
  });
});
