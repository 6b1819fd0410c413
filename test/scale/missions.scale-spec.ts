import { PageServer } from '../fixtures/page-server';
import { Instance } from './instances';
import { createDatabase, eventually, requiredEnv, uniqueName } from './helpers';

interface Mission {
  readonly missionId: string;
  readonly status: string;
  readonly attempts: number;
  readonly stages: readonly { readonly id: string; readonly status: string }[];
  readonly messages: readonly string[];
  readonly sessionId: string | null;
}

/**
 * Missions on PostgreSQL and Redis: a mission started through one instance is read on the other; a mission whose
 * instance is killed (SIGKILL) mid-stage is finished by another from its last checkpoint.
 */
describe('missions on Redis and PostgreSQL', () => {
  const pages = new PageServer();
  let base = '';
  let env: Record<string, string> = {};
  const running: Instance[] = [];

  beforeAll(async () => {
    base = await pages.start();
    env = {
      DATABASE_URL: await createDatabase('missions'),
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('missions'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      CONTENT_ALLOWED_CIDRS: '127.0.0.0/8',
      YTDLP: 'off',
      // A killed instance's job goes to another one after 2 s instead of 30.
      JOB_LOCK_MS: '2000',
    };
  });

  afterAll(async () => {
    pages.healthy = true;
    pages.release();
    await Promise.all(running.map((i) => i.stop()));
    await pages.stop();
  });

  const settled = (instance: Instance, id: string) =>
    eventually(
      async () => {
        const r = await instance.request<Mission>('GET', `/missions/${id}`);
        return ['completed', 'failed', 'budget_exceeded'].includes(r.json.status) ? r.json : undefined;
      },
      60_000,
      `mission ${id} settled`,
    );

  it('a mission started on one instance completes, and the other serves it', async () => {
    const [a, b] = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
    running.push(a, b);
    const started = await a.request<Mission>('POST', '/missions', { url: `${base}/article`, depth: 'standard' });
    expect([started.status, started.json.status]).toEqual([202, 'queued']);
    const mission = await settled(b, started.json.missionId);
    expect([mission.status, mission.attempts, mission.stages.length]).toEqual(['completed', 1, 8]);
    await Promise.all([a.stop(), b.stop()]);
    running.splice(0);
  }, 120_000);

  it('a mission whose instance is killed mid-stage is resumed by another from its checkpoint', async () => {
    const a = await Instance.start('a', env);
    running.push(a);
    const started = await a.request<Mission>('POST', '/missions', { url: `${base}/slow`, depth: 'standard' });
    const id = started.json.missionId;
    // Acquisition waits on the held page: planning is checkpointed, acquisition is running.
    await eventually(async () => (pages.holding > 0 ? true : undefined), 30_000, 'acquisition waiting on the page');
    const b = await Instance.start('b', env);
    running.push(b);
    await a.kill();
    running.splice(running.indexOf(a), 1);
    pages.healthy = true;
    pages.release();
    const mission = await settled(b, id);
    expect([mission.status, mission.attempts]).toEqual(['completed', 2]);
    expect(mission.stages.slice(0, 2).map((s) => [s.id, s.status])).toEqual([
      ['mission_planning', 'completed'],
      ['acquisition', 'completed'],
    ]);
    // Planning ran once: its announcement is in the mission's messages once.
    expect(mission.messages.filter((m) => m.startsWith(mission.messages[0].slice(0, 20)))).toHaveLength(1);
  }, 120_000);

  it('a hierarchical mission whose instance is killed mid-stage is finished by the other in the same session', async () => {
    pages.healthy = false;
    const a = await Instance.start('a', env);
    running.push(a);
    const started = await a.request<Mission>('POST', '/missions', {
      url: `${base}/slow`,
      depth: 'standard',
      mode: 'hierarchical',
    });
    const id = started.json.missionId;
    await eventually(async () => (pages.holding > 0 ? true : undefined), 30_000, 'acquisition waiting on the page');
    const before = (await a.request<Mission>('GET', `/missions/${id}`)).json;
    const b = await Instance.start('b', env);
    running.push(b);
    await a.kill();
    running.splice(running.indexOf(a), 1);
    pages.healthy = true;
    pages.release();
    const mission = await settled(b, id);
    // The session, the mission's job and the acquisition attempt all moved to b: still the first run.
    expect([mission.status, mission.attempts, mission.sessionId]).toEqual(['completed', 1, before.sessionId]);
    expect(mission.stages.map((s) => s.status)).toEqual(Array(8).fill('completed'));
    // The mission completes with its last stage's checkpoint; its session settles that task just after.
    const session = await eventually(
      async () => {
        const r = await b.request<{ status: string; tasks: { objectiveId: string; status: string }[] }>(
          'GET',
          `/hierarchy/sessions/${mission.sessionId}`,
        );
        return r.json.status === 'running' ? undefined : r.json;
      },
      30_000,
      `session ${mission.sessionId} settled`,
    );
    expect([session.status, session.tasks.every((t) => t.status === 'completed')]).toEqual(['completed', true]);
    expect(mission.messages.filter((m) => m.startsWith(mission.messages[0].slice(0, 20)))).toHaveLength(1);
  }, 180_000);
});
