import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { openRedis, type RedisConnection } from '../../src/core/queue/redis/redis-connection';
import { createDatabase, eventually, requiredEnv, uniqueName } from './helpers';
import { Instance } from './instances';

const PAGE = `<!doctype html><html><head><title>Ferry timetable change</title></head><body><article>
<p>The ferry company will run 12 more crossings a day from March 2026, a rise of 30% on this year.</p></article></body></html>`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

/** A span as a local OTLP/HTTP receiver decodes it from the JSON the exporter sends. */
interface ExportedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly parentSpanId?: string;
  readonly attributes: { key: string; value: { stringValue?: string } }[];
}

/** `/autointel` on BullMQ: the job started through one process carries its correlation to the one that runs it. */
describe('autointel run correlation across processes (BullMQ)', () => {
  const instances: Instance[] = [];
  let page: Server;
  let collector: Server;
  let redis: RedisConnection;
  let pageUrl = '';
  let collectorUrl = '';
  let env: Record<string, string> = {};
  /** While set, page requests are kept unanswered (the run stays in acquisition until its instance stops). */
  let holding = true;
  const held: ServerResponse[] = [];
  /** Spans each instance exported, by the path it was told to send them to. */
  const exported: Record<string, ExportedSpan[]> = { a: [], b: [] };

  beforeAll(async () => {
    page = createServer((_req, res) => {
      if (holding) return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    collector = createServer((req: IncomingMessage, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as {
          resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[];
        };
        const spans = body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
        exported[req.url!.split('/')[1]]?.push(...spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    for (const server of [page, collector]) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/ferry`;
    collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    redis = await openRedis(requiredEnv('SCALE_REDIS_URL'), 5000);
    env = {
      DATABASE_URL: await createDatabase('autointel_corr'),
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('autointel_corr'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      CONTENT_ALLOWED_CIDRS: '127.0.0.0/8',
      YTDLP: 'off',
      LOG_LEVEL: 'info',
      TRACING_ENABLED: 'true',
    };
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    for (const res of held) res.destroy();
    await redis?.close();
    await Promise.all([page, collector].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const start = (name: 'a' | 'b') =>
    Instance.start(name, { ...env, TRACING_OTLP_URL: `${collectorUrl}/${name}/v1/traces` }).then((i) => {
      instances.push(i);
      return i;
    });

  it('carries the request id and W3C trace context in the job payload to the process that runs it', async () => {
    const a = await start('a');
    const started = await a.request<{ workflowId: string; requestId: string; traceId: string }>(
      'POST',
      '/autointel',
      { url: pageUrl, mode: 'fallback' },
      { 'x-request-id': 'scale-corr-1', traceparent: TRACEPARENT, tracestate: 'vendor=1' },
    );
    expect([started.status, started.json.requestId, started.json.traceId]).toEqual([202, 'scale-corr-1', TRACE_ID]);
    const id = started.json.workflowId;
    await eventually(async () => (held.length === 1 ? true : undefined), 30_000, 'a fetching the page');

    // The payload as Redis holds it, while a runs the job.
    const queue = new Queue('autointel.runs', { connection: redis.client, prefix: env.REDIS_PREFIX });
    try {
      const active = await queue.getJobs(['active']);
      expect(active.map((job) => (job.data as { data: unknown }).data)).toEqual([
        {
          workflowId: id,
          tenantId: 'default',
          requestId: 'scale-corr-1',
          traceparent: TRACEPARENT,
          tracestate: 'vendor=1',
        },
      ]);
    } finally {
      await queue.close();
    }

    // a stops mid-run: its queue aborts the run and the job, back in Redis, is run by b.
    const b = await start('b');
    holding = false;
    await a.stop();
    for (const res of held.splice(0)) res.destroy();
    const run = await eventually(
      async () => {
        const r = await b.request<{ status: string; attempts: number; requestId: string; traceId: string }>(
          'GET',
          `/autointel/${id}`,
        );
        return r.json.status === 'completed' ? r.json : undefined;
      },
      30_000,
      'the run completed on b',
    );
    expect([run.attempts, run.requestId, run.traceId]).toEqual([2, 'scale-corr-1', TRACE_ID]);
    const lines = b.log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'autointel_run_started' && l.workflow_id === id);
    expect(lines.map((l) => [l.request_id, l.trace_id, l.attempt])).toEqual([['scale-corr-1', TRACE_ID, 2]]);

    await b.stop(); // flushes its spans
    const runSpans = (name: string) =>
      exported[name]
        .filter((s) => s.name === 'orchestrate fallback_autonomous')
        .map((s) => [
          s.traceId,
          s.parentSpanId,
          s.attributes.find((attr) => attr.key === 'request.id')?.value.stringValue,
        ]);
    // Each attempt's span, on the process that ran it, is a child of the caller's span.
    expect([runSpans('a'), runSpans('b')]).toEqual([
      [[TRACE_ID, PARENT_ID, 'scale-corr-1']],
      [[TRACE_ID, PARENT_ID, 'scale-corr-1']],
    ]);
  }, 90_000);
});
