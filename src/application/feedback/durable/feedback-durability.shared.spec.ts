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
import { MEMORY_CONSOLIDATOR, type MemoryConsolidator } from '../../../core/ports/memory-consolidator.port';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds, type IdGenerator } from '../../../core/runtime/id-generator';
import { seededRandom } from '../../../core/runtime/random';
import type { FeedbackService } from '../feedback.service';

jest.setTimeout(120_000);

/** A durable hub on `database`; `shared` makes it one of several instances (a Redis URL, its own job queue). */
const hubOn = (
  database: OpenedDatabase,
  clock: ManualClock,
  ids: IdGenerator,
  shared: boolean,
  ports?: ReadonlyMap<symbol, unknown>,
) => durableFeedbackHub(database, clock, ids, { shared, ports });

/** Two instances sharing `database`, recovered. */
async function twoInstances(database: OpenedDatabase, clock: ManualClock, ports?: ReadonlyMap<symbol, unknown>) {
  const pair = [
    hubOn(database, clock, sequentialIds('a'), true, ports),
    hubOn(database, clock, sequentialIds('b'), true, ports),
  ] as const;
  await Promise.all(pair.map((i) => i.durability.recover()));
  return pair;
}

function outcome(result: unknown): unknown {
  const r = result as { status: string; data?: { queued: boolean; duplicate: boolean } };
  return r.data ? { status: r.status, queued: r.data.queued, duplicate: r.data.duplicate } : r;
}

describe('durable feedback shared by instances: every instance holds the state of the whole log', () => {
  let databases: OpenedDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.map((d) => d.close()));
    databases = [];
  });

  it.each([1, 2])(
    'seed %i: 300 submits spread over two instances, with crashes of either, equal one instance that took them all',
    async (seed) => {
      const [single, shared] = await Promise.all([migratedFeedbackDatabase(), migratedFeedbackDatabase()]);
      databases = [single, shared];
      const rng = seededRandom(seed);
      const clock = new ManualClock(T0);
      const ids = sequentialIds('sig');
      const reference = hubOn(single, clock, sequentialIds('ref'), false);
      await reference.durability.recover();
      const instances = [hubOn(shared, clock, ids, true), hubOn(shared, clock, ids, true)];
      for (const i of instances) await i.durability.recover();
      const sent: string[] = [];
      let crashes = 0;
      for (let i = 0; i < 300; i++) {
        clock.advance(1 + Math.floor(rng.next() * 50));
        const ctx = OrchestrationContext.create({
          tenantId: rng.next() < 0.6 ? 'acme' : 'globex',
          requestId: `r-${i}`,
        });
        const input = randomSignal(rng, i, sent, true);
        const at = rng.next() < 0.5 ? 0 : 1;
        const expected = await reference.hub.submit(ctx, input);
        // A retry answers as on one instance, whichever instance took the first one.
        expect(outcome(await instances[at].hub.submit(ctx, input))).toEqual(outcome(expected));
        sent.push(input.signalId as string);
        const roll = rng.next();
        if (roll < 0.1) await instances[1 - at].durability.tail();
        else if (roll < 0.15) await instances[Math.floor(rng.next() * 2)].durability.saveChanged();
        else if (roll < 0.2) {
          // kill -9 of one instance: it comes back from the snapshots either instance wrote, and the log.
          crashes++;
          const k = Math.floor(rng.next() * 2);
          instances[k] = hubOn(shared, clock, ids, true);
          await instances[k].durability.recover();
        }
      }
      await drainAll(reference.hub);
      for (const i of instances) await i.durability.tail();
      expect(crashes).toBeGreaterThan(5);
      for (const tenant of ['acme', 'globex']) {
        const want = feedbackStateOf(reference.hub, tenant);
        expect(feedbackStateOf(instances[0].hub, tenant)).toEqual(want);
        expect(feedbackStateOf(instances[1].hub, tenant)).toEqual(want);
      }
      expect(reference.hub.view('acme').counts.accepted).toBeGreaterThan(100);
    },
  );

  it('concurrent submits on both instances: each applies every entry once, in the one log order', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const [a, b] = await twoInstances(database, clock);
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    const submit = (hub: FeedbackService, i: number) =>
      hub.submit(ctx, {
        signalId: `c-${i % 150}`,
        componentType: 'tool',
        componentId: 'search',
        reward: (i % 10) / 10,
      });
    // 200 submits, 50 of them retries of ids the other instance may be storing at the same moment.
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => submit(i % 2 === 0 ? a.hub : b.hub, i)));
    expect(answers.filter((r) => r.status === 'ok' && r.data.queued)).toHaveLength(150);
    await Promise.all([a.durability.tail(), b.durability.tail()]);
    expect(feedbackStateOf(a.hub, 'acme')).toEqual(feedbackStateOf(b.hub, 'acme'));
    expect(a.hub.view('acme').counts).toMatchObject({ accepted: 150, processed: 150 });
    expect(a.hub.view('acme').learning.tools.get('search')).toMatchObject({ samples: 150 });
    // Nothing waits in a queue: the learners are part of the replicated state.
    expect(a.hub.queues.size('tool')).toBe(0);
  });

  it('a model signal goes to the shared job queue once, and is stored and counted on both instances', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const [a, b] = await twoInstances(database, clock);
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    const signal = { signalId: 'm-1', componentType: 'model', componentId: 'gpt', reward: 0.9 } as const;
    expect(await a.hub.submit(ctx, signal)).toMatchObject({ status: 'ok', data: { queued: true, duplicate: false } });
    expect(await a.hub.submit(ctx, signal)).toMatchObject({ status: 'ok', data: { queued: false, duplicate: true } });
    expect(await a.jobQueue.counts('feedback.model')).toMatchObject({ waiting: 1 });
    await b.durability.tail();
    expect(b.hub.view('acme').counts.accepted).toBe(1);
    expect(b.hub.view('acme').health.snapshot()).toEqual(a.hub.view('acme').health.snapshot());
  });

  it("an operator's clear is logged: the other instance and a recovery make it too", async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const [a, b] = await twoInstances(database, clock);
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    for (let i = 0; i < 11; i++) await a.hub.submit(ctx, { componentType: 'tool', componentId: 't', reward: 0 });
    await b.durability.tail();
    // Each instance's health check finds the same window and disables the tool.
    expect(a.hub.checkHealth()).toMatchObject([{ to: 'disabled' }]);
    expect(b.hub.checkHealth()).toMatchObject([{ to: 'disabled' }]);
    await Promise.all([a.durability.saveChanged(), b.durability.saveChanged()]);
    expect(await a.hub.clearDisabled('acme', 'tool', 't')).toBe(true);
    expect(a.hub.view('acme').health.state('tool', 't')).toBe('enabled');
    expect(await b.durability.tail()).toBe(1);
    expect(b.hub.view('acme').health.state('tool', 't')).toBe('enabled');
    // kill -9 right after the answer: the snapshot says disabled, the log says cleared.
    const restarted = hubOn(database, clock, sequentialIds('c'), true);
    expect(await restarted.durability.recover()).toMatchObject({ tenants: 1, replayed: 1 });
    expect(restarted.hub.view('acme').health.state('tool', 't')).toBe('enabled');
    expect(await b.hub.clearDisabled('acme', 'tool', 't')).toBe(false);
  });

  it('a consolidation runs once across instances, through the port, and every instance resets its counters', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const calls: string[] = [];
    const consolidator: MemoryConsolidator = {
      consolidate: async (request) => {
        calls.push(request.tenantId);
        return { pruned: request.candidates.slice(0, 1) };
      },
    };
    const ports = new Map([[MEMORY_CONSOLIDATOR, consolidator]]);
    const [a, b] = await twoInstances(database, clock, ports);
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    for (let i = 0; i < 20; i++)
      await a.hub.submitRag(ctx, { queryId: `q${i}`, relevanceScore: 0.2, chunkIds: [`chunk-${i}`] });
    await b.durability.tail();
    clock.advance(90 * 86_400_000);
    // Both jobs find the trigger at once; one stores the run and calls the port, the other stands down.
    const outcomes = await Promise.all([a.lifecycle.consolidate('acme'), b.lifecycle.consolidate('acme')]);
    expect(outcomes.map((o) => o.consolidated).sort()).toEqual([false, true]);
    expect(outcomes.find((o) => !o.consolidated)).toEqual({ consolidated: false, reason: 'consolidated_elsewhere' });
    expect(calls).toEqual(['acme']);
    await Promise.all([a.durability.tail(), b.durability.tail()]);
    for (const hub of [a.hub, b.hub])
      expect([hub.view('acme').consolidations, hub.view('acme').ragSinceConsolidation]).toEqual([
        1,
        { sum: 0, count: 0 },
      ]);
    expect(feedbackStateOf(a.hub, 'acme')).toEqual(feedbackStateOf(b.hub, 'acme'));
  });

  it('on one instance, a consolidation without the port forgets its chunks, and a recovery forgets them again', async () => {
    const database = await migratedFeedbackDatabase();
    databases = [database];
    const clock = new ManualClock(T0);
    const first = hubOn(database, clock, sequentialIds('a'), false);
    await first.durability.recover();
    const ctx = OrchestrationContext.create({ tenantId: 'acme', requestId: 'r-1' });
    // A chunk is a pruning candidate once retrieved 5 times with a low relevance, ranked low (after ten others).
    const others = (i: number) => Array.from({ length: 10 }, (_, k) => `other-${i}-${k}`);
    for (let i = 0; i < 20; i++)
      await first.hub.submitRag(ctx, {
        queryId: `q${i}`,
        relevanceScore: 0.1,
        chunkIds: [...others(i), `chunk-${i % 4}`],
      });
    await drainAll(first.hub);
    await first.durability.saveChanged();
    clock.advance(90 * 86_400_000);
    const outcome = await first.lifecycle.consolidate('acme');
    expect(outcome).toMatchObject({ consolidated: true, ragSignals: 20 });
    const pruned = outcome.consolidated ? outcome.pruned : [];
    expect([...pruned].sort()).toEqual(['chunk-0', 'chunk-1', 'chunk-2', 'chunk-3']);
    // kill -9: the stored state predates the consolidation.
    const second = hubOn(database, clock, sequentialIds('b'), false);
    await second.durability.recover();
    expect(feedbackStateOf(second.hub, 'acme')).toEqual(feedbackStateOf(first.hub, 'acme'));
    expect(pruned.map((c) => second.hub.view('acme').learning.rag.get(c))).toEqual(pruned.map(() => undefined));
    expect(second.hub.view('acme').consolidations).toBe(1);
  });
});
