import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Instance } from './instances';
import { configDir, createDatabase, eventually, query, requiredEnv, uniqueName } from './helpers';

interface Task {
  readonly objectiveId: string;
  readonly status: string;
  readonly attempts: number;
  readonly result: { readonly data?: { readonly sourceCount?: number } } | null;
}
interface Session {
  readonly sessionId: string;
  readonly status: string;
  readonly starts: number;
  readonly coordinator: string | null;
  readonly tasks: readonly Task[];
}

const page = (n: string) =>
  `<!doctype html><html><head><title>Harbour notice ${n}</title></head><body><article>` +
  `<p>The harbour office said berth ${n} reopens on Monday after repairs costing 40000 euros.</p>` +
  `<p>Fishing crews welcomed the news and said the repairs were overdue.</p></article></body></html>`;

/**
 * Hierarchical sessions on PostgreSQL and Redis: a session's tasks are jobs any instance may run, none run twice;
 * a session whose coordinator is killed (SIGKILL) is resumed by the other instance without repeating what was done.
 */
describe('hierarchical sessions on Redis and PostgreSQL, two instances', () => {
  let instances: Instance[] = [];
  let server: Server;
  let base = '';
  let databaseUrl = '';
  /** Requests per path: each is one task's side effect. */
  const hits = new Map<string, number>();
  /** Responses to `/held/…` wait for this. */
  const held: (() => void)[] = [];
  let releaseAll = false;

  const respond = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(path));
    // Slow pages keep several tasks running at once, so that both instances take some.
    if (path.startsWith('/slow/')) setTimeout(send, 400);
    else if (path.startsWith('/held/') && !releaseAll) held.push(send);
    else send();
  };

  beforeAll(async () => {
    server = createServer(respond);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    databaseUrl = await createDatabase('hierarchy');
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('hierarchy'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      CONTENT_ALLOWED_CIDRS: '127.0.0.0/8',
      YTDLP: 'off',
      // A killed instance's jobs go to the other one after 2 s instead of 30.
      JOB_LOCK_MS: '2000',
      CONFIG_DIR: configDir('hierarchy:\n  workerConcurrency: 3\n  maxParallel: 12\n  pollMs: 100\n'),
    };
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
    for (const agentId of ['reader-1', 'reader-2', 'reader-3'])
      expect(
        (
          await instances[0].request('POST', '/hierarchy/agents', {
            agentId,
            role: 'content_ingestion',
            capabilities: ['fallback', 'synthesis'],
          })
        ).status,
      ).toBe(201);
  });

  afterAll(async () => {
    releaseAll = true;
    for (const send of held) send();
    await Promise.all(instances.map((i) => i.stop()));
    await new Promise((resolve) => server.close(resolve));
  });

  const finished = (instance: Instance, id: string) =>
    eventually(
      async () => {
        const r = await instance.request<Session>('GET', `/hierarchy/sessions/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(r.json.status) ? r.json : undefined;
      },
      60_000,
      `session ${id} finished`,
    );

  it('shares one session’s tasks between both instances and runs none twice', async () => {
    const [a, b] = instances;
    const objectives = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, type: 'fallback', input: { url: `${base}/slow/${i}` } })),
      { id: 'brief', type: 'synthesis', dependencies: Array.from({ length: 12 }, (_, i) => `p${i}`) },
    ];
    const created = await a.request<Session>('POST', '/hierarchy/sessions', {
      mission: { name: 'harbour' },
      objectives,
    });
    expect(created.status).toBe(202);
    const session = await finished(b, created.json.sessionId);
    expect(session.status).toBe('completed');
    expect(session.tasks.map((t) => [t.objectiveId, t.status, t.attempts])).toEqual(
      objectives.map((o) => [o.id, 'completed', 1]),
    );
    expect(session.tasks.at(-1)!.result!.data!.sourceCount).toBe(12);
    // Each page was fetched once: no task ran twice.
    expect(Array.from({ length: 12 }, (_, i) => hits.get(`/slow/${i}`))).toEqual(Array(12).fill(1));
    const workers = await query<{ worker: string; n: string }>(
      databaseUrl,
      'select worker, count(*) as n from hierarchy_attempts where session_id = $1 group by worker order by worker',
      [session.sessionId],
    );
    const pids = new Set(instances.map((i) => String(i.pid)));
    expect(workers.map((w) => pids.has(w.worker.split(':').at(-1)!))).toEqual([true, true]);
    expect(workers.reduce((n, w) => n + Number(w.n), 0)).toBe(13);
  }, 90_000);

  it('resumes a session on the other instance when its coordinator is killed, repeating nothing it finished', async () => {
    const [a, b] = instances;
    const created = await a.request<Session>('POST', '/hierarchy/sessions', {
      mission: { name: 'harbour, resumed' },
      objectives: [
        { id: 'first', type: 'fallback', input: { url: `${base}/once/first` } },
        { id: 'held', type: 'fallback', dependencies: ['first'], input: { url: `${base}/held/second` } },
        { id: 'brief', type: 'synthesis', dependencies: ['held'] },
      ],
    });
    const id = created.json.sessionId;
    // Wait until the held task is running, then kill whichever instance coordinates the session.
    const running = await eventually(
      async () => {
        const r = await a.request<Session>('GET', `/hierarchy/sessions/${id}`);
        return r.json.tasks[1].status === 'running' && held.length > 0 ? r.json : undefined;
      },
      30_000,
      'the held task running',
    );
    const coordinator = instances.find((i) => running.coordinator?.endsWith(`:${i.pid}`))!;
    const survivor = coordinator === a ? b : a;
    await coordinator.kill();
    releaseAll = true;
    for (const send of held.splice(0)) send();
    const session = await finished(survivor, id);
    expect([session.status, session.starts]).toEqual(['completed', 2]);
    expect(session.coordinator).toMatch(new RegExp(`:${survivor.pid}$`));
    expect(session.tasks.map((t) => [t.objectiveId, t.status])).toEqual([
      ['first', 'completed'],
      ['held', 'completed'],
      ['brief', 'completed'],
    ]);
    // The task finished before the crash was not run again.
    expect(hits.get('/once/first')).toBe(1);
    instances = [survivor];
  }, 120_000);
});
