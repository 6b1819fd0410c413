import { Instance } from './instances';
import type { ApiBody } from '../fixtures/json-body';
import { createDatabase, eventually, requiredEnv, uniqueName } from './helpers';

/** The fields of the bandits API's answers that these tests read. */
interface Decision {
  readonly decisionId: string;
  readonly actionIndex: number;
  readonly algorithm: string;
}
interface AlgorithmSummary {
  readonly updates: number;
  readonly feedbacks: number;
  readonly totalReward: number;
  readonly stats: unknown;
}
type Summary = ApiBody<{ domains: Record<string, { algorithms: Record<string, AlgorithmSummary> }> }>;

/** The advanced bandits in scale-out mode: decisions on every instance, updates through one queue consumer. */
describe('bandits on Redis and PostgreSQL, two instances', () => {
  let instances: Instance[] = [];

  beforeAll(async () => {
    const env = {
      DATABASE_URL: await createDatabase('bandits'),
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('bandits'),
      SHUTDOWN_TIMEOUT_MS: '3000',
    };
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
  });

  const summaryOf = async (i: Instance, domain: string, algorithm: string) =>
    (await i.request<Summary>('GET', '/bandits/summary')).json.data.domains[domain].algorithms[algorithm];

  it('decisions made on one instance and answered on the other teach both: every update applied once, learners reloaded everywhere', async () => {
    const [a, b] = instances;
    const rounds = 40;
    for (let n = 0; n < rounds; n++) {
      const decided = await (n % 2 === 0 ? a : b).request<ApiBody<Decision>>(
        'POST',
        '/bandits/content_analysis/decisions',
        {
          userId: `u${n}`,
          features: { complexity: 0.5, priority: 0.5 },
          algorithm: 'linucb',
        },
      );
      expect(decided.status).toBe(201);
      const { decisionId, actionIndex } = decided.json.data;
      const reward = actionIndex === 1 ? 1 : 0;
      const answered = await (n % 2 === 0 ? b : a).request<ApiBody<{ queued: boolean }>>('POST', '/bandits/feedback', {
        decisionId,
        reward,
      });
      expect([answered.status, answered.json.data.queued]).toEqual([200, true]);
      // The same answer again, through either instance, gets the first answer back; another answer is not found.
      // The decision was claimed once: nothing is learnt twice.
      const again = await a.request('POST', '/bandits/feedback', { decisionId, reward });
      expect([again.status, again.json]).toEqual([200, answered.json]);
      expect((await a.request('POST', '/bandits/feedback', { decisionId, reward: 1 - reward })).status).toBe(404);
    }
    const applied = async (i: Instance) => {
      const s = await summaryOf(i, 'content_analysis', 'linucb');
      return s.updates === rounds && s.feedbacks === rounds ? s : undefined;
    };
    const [onA, onB] = await Promise.all([
      eventually(() => applied(a), 20_000, 'every update on a'),
      eventually(() => applied(b), 20_000, 'every update on b'),
    ]);
    expect(onB.totalReward).toBe(onA.totalReward);
    expect(onB.stats).toEqual(onA.stats);
    // Every algorithm of the domain learned from every answer, on both instances.
    for (const algorithm of ['doubly_robust', 'offset_tree', 'thompson_sampling', 'epsilon_greedy']) {
      expect([
        algorithm,
        (await summaryOf(a, 'content_analysis', algorithm)).updates,
        (await summaryOf(b, 'content_analysis', algorithm)).updates,
      ]).toEqual([algorithm, rounds, rounds]);
    }
  }, 60_000);

  it('a domain created through one instance is served by the other', async () => {
    const [a, b] = instances;
    const put = await b.request('PUT', '/bandits/domains/checkout', {
      actions: ['one', 'two', 'three'],
      algorithms: ['thompson_sampling'],
    });
    expect(put.status).toBe(200);
    const decided = await eventually(
      async () => {
        const r = await a.request<ApiBody<Decision>>('POST', '/bandits/checkout/decisions', { userId: 'u1' });
        return r.status === 201 ? r.json.data : undefined;
      },
      10_000,
      'the new domain on a',
    );
    expect(decided.algorithm).toBe('thompson_sampling');
    expect((await b.request('POST', '/bandits/feedback', { decisionId: decided.decisionId, reward: 0.5 })).status).toBe(
      200,
    );
    await eventually(
      async () => ((await summaryOf(a, 'checkout', 'thompson_sampling')).feedbacks === 1 ? true : undefined),
      10_000,
      'the answer applied and seen on a',
    );
  }, 30_000);
});
