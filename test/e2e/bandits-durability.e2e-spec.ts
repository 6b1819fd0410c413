import type { InjectOptions } from 'fastify';
import { BanditsService } from '../../src/application/bandits/bandits.service';
import { PersistenceConfig } from '../../src/core/config/kernel.config';
import { openSqlDatabase } from '../../src/core/persistence/sql-database.factory';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { seededRandom } from '../../src/core/runtime/random';
import { BOOT_TIMEOUT_MS, createApp, tracked } from '../fixtures/boot';
import { dataOf } from '../fixtures/json-body';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

/** 2026-12-07 10:00 UTC. */
const T10 = Date.UTC(2026, 11, 7, 10);
const X = [0.5, 0.5, 0.5, 0.1, 1, 0.5, 0, 0.25];

async function boot(dataDir: string, clock: ManualClock, ids: string) {
  const app = await createApp({
    config: appTestConfig({ persistence: { dataDir } }),
    clock,
    ids: sequentialIds(ids),
    random: seededRandom(7),
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const request = (o: InjectOptions) => fastify.inject(o);
  const feedback = (decisionId: string, reward: number) =>
    request({ method: 'POST', url: '/bandits/feedback', payload: { decisionId, reward } });
  /** Every learner of the two domains used, as stored. */
  const learners = async () => {
    const bandits = app.get(BanditsService);
    const out: Record<string, unknown> = {};
    for (const name of ['content_analysis', 'model_routing']) {
      const domain = (await bandits.domainOf('default', name))!;
      const state = await bandits.store.state('default', domain);
      for (const a of domain.algorithms) out[`${name}/${a}`] = state.learner(a).snapshot();
    }
    return out;
  };
  return { app, request, feedback, learners };
}

/** What a kill -9 before any snapshot leaves: the log, and neither stored learners nor what they reflect. */
async function loseSnapshots(dataDir: string): Promise<void> {
  const database = await tracked(openSqlDatabase(Object.assign(new PersistenceConfig(), { dataDir })));
  await database.db.deleteFrom('kv_entries').where('namespace', '=', 'bandits.snapshots').execute();
  await database.db.deleteFrom('bandit_marks').execute();
  await database.close();
}

describe('durable bandits across a restart (e2e, one data directory)', () => {
  it(
    'rebuilds the learners and counters from the log, answers retries as it did and learns nothing twice',
    async () => {
      const dataDir = testDataDir();
      const clock = new ManualClock(T10);
      const first = await boot(dataDir, clock, 'r1');
      const decisions: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await first.request({
          method: 'POST',
          url: '/bandits/content_analysis/decisions',
          payload: { userId: `u${i}`, features: { complexity: i / 10 } },
        });
        decisions.push(dataOf<{ decisionId: string }>(res).decisionId);
        clock.advance(60_000);
      }
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await first.feedback(decisions[i], i / 4));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
      const port = (bandits: BanditsService) =>
        bandits.update('model_routing', 'gemini-pro', X, 0.5, 'default', 'signal:s1');
      await port(first.app.get(BanditsService));
      const summary = (await first.request({ method: 'GET', url: '/bandits/summary' })).body;
      const learners = await first.learners();
      await first.app.close();
      await loseSnapshots(dataDir);

      const second = await boot(dataDir, clock, 'r2');
      expect((await second.request({ method: 'GET', url: '/bandits/summary' })).body).toBe(summary);
      expect(await second.learners()).toEqual(learners);
      // The client did not get its answers (the crash): it sends them again and gets them, nothing is learnt again.
      for (let i = 0; i < 4; i++) {
        const again = await second.feedback(decisions[i], i / 4);
        expect([again.statusCode, again.body]).toEqual([200, answers[i].body]);
      }
      await port(second.app.get(BanditsService));
      expect(await second.learners()).toEqual(learners);
      expect((await second.feedback(decisions[0], 1)).statusCode).toBe(404);
      // Decisions still open before the crash can be answered after it.
      expect((await second.feedback(decisions[4], 1)).statusCode).toBe(200);
      const after = dataOf<{ domains: Record<string, { algorithms: Record<string, object> }> }>(
        await second.request({ method: 'GET', url: '/bandits/summary' }),
      );
      expect(after.domains.content_analysis.algorithms.linucb).toMatchObject({
        decisions: 6,
        feedbacks: 5,
        updates: 5,
      });
      await second.app.close();
    },
    BOOT_TIMEOUT_MS * 2,
  );
});
