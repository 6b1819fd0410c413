import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Instance } from './instances';
import { createDatabase, eventually, query, requiredEnv, uniqueName } from './helpers';
import { bearer } from '../fixtures/test-keys';

const PAGE = `<!doctype html><html><head><title>Ferry timetable change</title></head><body><article>
<p>The ferry company will run 12 more crossings a day from March 2026, a rise of 30% on this year.</p>
<p>Passengers said the new timetable was the best news the island had heard in years.</p></article></body></html>`;

/** The fields of a run that the test reads. */
interface Run {
  readonly workflowId: string;
  readonly status: string;
  readonly mode: string;
  readonly result: {
    readonly data: {
      readonly status: string;
      readonly effectiveDepth: string;
      readonly stages: { readonly S1: { readonly data: { readonly download: { title: string }; memory: unknown } } };
    };
  };
  readonly events: readonly { readonly step: { readonly current: number } | null }[];
}

/** `/autointel` with two instances on PostgreSQL and Redis: a run started on one is visible and streamed on the other. */
describe('autointel on Redis and PostgreSQL, two instances', () => {
  let instances: Instance[] = [];
  let server: Server;
  let page = '';
  let databaseUrl = '';

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    page = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ferry`;
    databaseUrl = await createDatabase('autointel');
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('autointel'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      CONTENT_ALLOWED_CIDRS: '127.0.0.0/8',
      YTDLP: 'off',
    };
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await new Promise((resolve) => server.close(resolve));
  });

  it('an autonomous run started through one instance completes on PostgreSQL, and the other serves its record and its event stream', async () => {
    const [a, b] = instances;
    const started = await a.request<Run>('POST', '/autointel', { url: page, depth: 'standard' });
    expect([started.status, started.json.status]).toEqual([202, 'queued']);
    const id = started.json.workflowId;
    const stream = fetch(`http://127.0.0.1:${b.port}/autointel/${id}/events`, { headers: bearer() }).then((r) =>
      r.text(),
    );
    const run = await eventually(
      async () => {
        const r = await b.request<Run>('GET', `/autointel/${id}`);
        return r.json.status === 'completed' ? r.json : undefined;
      },
      30_000,
      'the run completed, seen on b',
    );
    expect([run.mode, run.result.data.status, run.result.data.effectiveDepth]).toEqual([
      'autonomous',
      'completed',
      'standard',
    ]);
    expect(run.result.data.stages.S1.data.download.title).toBe('Ferry timetable change');
    expect(run.result.data.stages.S1.data.memory).toEqual({ namespace: 'content', stored: 1 });
    expect(run.events.flatMap((e) => (e.step ? [e.step.current] : []))).toEqual([0, 1, 2, 3, 4, 5]);
    const events = (await stream).split('\n\n').filter((block) => block.startsWith('id:') || block.includes('event:'));
    expect(events.at(-1)).toContain('event: done');
    expect(events.filter((e) => e.includes('event: progress'))).toHaveLength(run.events.length);
    // S7 wrote the three memories on the server, under the run's tenant.
    expect(await query(databaseUrl, 'select distinct tenant_id, index_name from content_graph')).toEqual([
      { tenant_id: 'default', index_name: 'autointel_analysis' },
    ]);
    expect(await query(databaseUrl, 'select tenant_id, count from content_continual_summary')).toEqual([
      { tenant_id: 'default', count: 1 },
    ]);
    // PostgreSQL here has no pgvector: the memory is searched exactly, and the passage was stored under the tenant.
    expect(await query(databaseUrl, "select count(*)::int as n from pg_extension where extname = 'vector'")).toEqual([
      { n: 0 },
    ]);
    expect(await query(databaseUrl, 'select tenant_id, namespace from content_memory order by namespace')).toEqual([
      { tenant_id: 'default', namespace: 'autonomous_intelligence' },
      { tenant_id: 'default', namespace: 'content' },
    ]);
  }, 60_000);
});
