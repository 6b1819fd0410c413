import type { InjectOptions } from 'fastify';
import { FeedbackService } from '../../src/application/feedback/feedback.service';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { seededRandom } from '../../src/core/runtime/random';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

/** What these routes answer, as far as the tests read it. */
interface Answer {
  status: string;
  error?: string;
  data: { signalsSubmitted?: number; decisionId?: string; global: { totalDecisions: number } };
}

/** 2026-12-07 10:00 UTC. */
const T10 = Date.UTC(2026, 11, 7, 10);

/** An app on `dataDir`; closing it and booting another on the same directory is a restart. */
async function boot(dataDir: string, clock: ManualClock, ids: string) {
  const app = await createApp({
    config: appTestConfig({ persistence: { dataDir }, feedback: { drainEveryMs: 3_600_000 } }),
    clock,
    ids: sequentialIds(ids),
    random: seededRandom(3),
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const post = (url: string, payload: unknown, key?: string) =>
    fastify.inject({
      method: 'POST',
      url,
      payload,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    } as InjectOptions);
  return { app, post, hub: app.get(FeedbackService) };
}

const trajectory = {
  trajectory: {
    agent_id: 'planner',
    steps: [
      { tool_name: 'search', success: true },
      { tool_name: 'fetch', success: false },
    ],
  },
  evaluation: { overall_score: 0.8 },
};

describe('Idempotency-Key (e2e): a retried write answers as the first did, also after a restart', () => {
  it(
    'feedback submits, helpers and trajectories: the key is the signal id, a retry is a duplicate and counts nothing',
    async () => {
      const dataDir = testDataDir();
      const clock = new ManualClock(T10);
      const first = await boot(dataDir, clock, 'a');
      const signal = { componentType: 'tool', componentId: 'search', reward: 0.9 };
      const accepted = await first.post('/feedback', signal, 'retry-1');
      expect([accepted.statusCode, accepted.json()]).toEqual([
        202,
        {
          status: 'ok',
          data: { signalId: 'retry-1', componentType: 'tool', queued: true, duplicate: false, queueSize: 1 },
        },
      ]);
      expect((await first.post('/feedback/agent', { agentId: 'planner', success: true }, 'retry-2')).statusCode).toBe(
        202,
      );
      const fanned = await first.post('/feedback/trajectory', trajectory, 'retry-3');
      expect([fanned.statusCode, fanned.json<Answer>().data.signalsSubmitted]).toEqual([202, 3]);
      await first.app.close();

      // Nothing was drained: the restart queues the three tool and two agent signals again.
      const second = await boot(dataDir, clock, 'b');
      const again = await second.post('/feedback', signal, 'retry-1');
      expect([again.statusCode, again.json<Answer>().data]).toEqual([
        200,
        { signalId: 'retry-1', componentType: 'tool', queued: false, duplicate: true, queueSize: 3 },
      ]);
      expect((await second.post('/feedback/agent', { agentId: 'planner', success: true }, 'retry-2')).json()).toEqual({
        status: 'ok',
        data: { signalId: 'retry-2', componentType: 'agent', queued: false, duplicate: true, queueSize: 2 },
      });
      const refanned = await second.post('/feedback/trajectory', trajectory, 'retry-3');
      expect([refanned.statusCode, refanned.json<Answer>().data.signalsSubmitted]).toEqual([200, 0]);
      // 1 tool + 1 agent + the trajectory's 2 tools and 1 agent, each once.
      expect(second.hub.view('default').counts).toMatchObject({ accepted: 5, byComponent: { tool: 3, agent: 2 } });
      await second.app.close();
    },
    BOOT_TIMEOUT_MS * 3,
  );

  it(
    'a trajectory with its own id is recognised without a key; a header and a body naming two ids is a 400',
    async () => {
      const app = await boot(testDataDir(), new ManualClock(T10), 'c');
      const own = { ...trajectory, trajectory: { ...trajectory.trajectory, trajectory_id: 'run-77' } };
      expect((await app.post('/feedback/trajectory', own)).json<Answer>().data.signalsSubmitted).toBe(3);
      expect((await app.post('/feedback/trajectory', own)).json<Answer>().data.signalsSubmitted).toBe(0);
      const mismatch = await app.post('/feedback', { signalId: 'one', componentId: 'm', reward: 1 }, 'two');
      expect([mismatch.statusCode, mismatch.json<Answer>().error]).toEqual([
        400,
        'signalId and the Idempotency-Key header differ: send one, or the same in both',
      ]);
      const bad = await app.post('/feedback', { componentId: 'm', reward: 1 }, 'a b');
      expect([bad.statusCode, bad.json<Answer>().error]).toEqual([
        400,
        'Idempotency-Key must be 1-128 letters, digits or . _ : - (one header)',
      ]);
      expect(app.hub.view('default').counts.accepted).toBe(3);
      await app.app.close();
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it(
    'bandit decisions: the same key gets the same decision back across a restart, counted once; another request is a 409',
    async () => {
      const dataDir = testDataDir();
      const clock = new ManualClock(T10);
      const first = await boot(dataDir, clock, 'd');
      const ask = { userId: 'u1', features: { complexity: 0.4 } };
      const decided = await first.post('/bandits/content_analysis/decisions', ask, 'decide-1');
      expect(decided.statusCode).toBe(201);
      const decision = decided.json<Answer>().data as { decisionId: string };
      expect(decision.decisionId).toMatch(/^k-[0-9a-f]{40}$/);
      await first.app.close();

      const second = await boot(dataDir, clock, 'e');
      const retried = await second.post('/bandits/content_analysis/decisions', ask, 'decide-1');
      expect([retried.statusCode, retried.body]).toEqual([201, decided.body]);
      const other = await second.post('/bandits/content_analysis/decisions', { ...ask, userId: 'u2' }, 'decide-1');
      expect([other.statusCode, other.json<Answer>().error]).toEqual([
        409,
        'This Idempotency-Key was used for another request',
      ]);
      const summary = await second.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: '/bandits/summary' });
      expect(summary.json<Answer>().data.global.totalDecisions).toBe(1);
      // The decision answers once; its answer again is the same answer.
      const answer = { decisionId: decision.decisionId, reward: 0.6 };
      const answered = await second.post('/bandits/feedback', answer);
      expect([answered.statusCode, (await second.post('/bandits/feedback', answer)).body]).toEqual([
        200,
        answered.body,
      ]);
      await second.app.close();
    },
    BOOT_TIMEOUT_MS * 3,
  );
});
