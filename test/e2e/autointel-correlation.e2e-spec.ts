import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectOptions } from 'fastify';
import { AutointelService } from '../../src/domain/autointel/autointel.service';
import type { RunRecord } from '../../src/domain/autointel/autointel.types';
import { TelemetryTracing } from '../../src/infrastructure/telemetry/telemetry-tracing';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { resetPinoLogger } from '../fixtures/pino-reset';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

const PAGE = `<!doctype html><html><head><title>Harbour report</title></head><body><article>
<p>The harbour handled 40% more cargo in 2025 than in 2024, according to the port authority.</p></article></body></html>`;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

type LogLine = Record<string, unknown>;

/** One app logging at debug to its own file, with tracing on or off. */
async function boot(options: { tracing: boolean; dataDir?: string }) {
  const file = join(mkdtempSync(join(tmpdir(), 'crew-corr-log-')), 'app.log');
  resetPinoLogger();
  const app = await createApp({
    config: appTestConfig({
      content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' },
      logging: { level: 'debug', httpRequests: false, file },
      telemetry: { tracing: options.tracing },
      ...(options.dataDir ? { persistence: { dataDir: options.dataDir } } : {}),
    }),
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  /** The log lines written so far, once `until` holds (the writer is asynchronous). */
  const logLines = async (until: (lines: LogLine[]) => boolean): Promise<LogLine[]> => {
    for (let i = 0; i < 100; i++) {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const lines = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine);
      if (until(lines)) return lines;
      await sleep(20);
    }
    throw new Error(`the expected log lines did not appear in ${file}`);
  };
  const spans = () => (app.get(TelemetryTracing).enabled ? app.get(TelemetryTracing).ring.spans() : []);
  const inject = (o: InjectOptions) => fastify.inject(o);
  /** `POST /autointel` in fallback mode for a page of the local server, with the given headers. */
  const postRun = (page: string, headers: Record<string, string>, wait = false) =>
    inject({
      method: 'POST',
      url: wait ? '/autointel?wait=true' : '/autointel',
      headers,
      payload: { url: page, mode: 'fallback' },
    });
  return { app, inject, postRun, logLines, spans };
}

/** The run's lines: those naming its workflow, and the facade's lines of its orchestration. */
function runLines(lines: LogLine[], run: RunRecord): LogLine[] {
  return lines.filter(
    (l) =>
      l.workflow_id === run.workflowId ||
      (l.orchestrator === 'fallback_autonomous' && l.request_id === run.requestId && l.event !== undefined),
  );
}

const finishedOf = (run: RunRecord) => (lines: LogLine[]) =>
  lines.some((l) => l.event === 'autointel_run_finished' && l.workflow_id === run.workflowId);

describe('autointel run correlation (e2e)', () => {
  let server: Server;
  let base = '';
  /** While set, `/held` requests are kept unanswered (a run stays in acquisition until its app stops). */
  let holding = false;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/held' && holding) return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  describe('with tracing on', () => {
    let sut: Awaited<ReturnType<typeof boot>>;
    beforeAll(async () => {
      sut = await boot({ tracing: true });
    }, BOOT_TIMEOUT_MS);
    afterAll(() => sut?.app.close(), BOOT_TIMEOUT_MS);

    const start = (headers: Record<string, string>) => sut.postRun(`${base}/a`, headers, true);

    it("makes a traceparent sent to POST /autointel the parent of the run's spans, and stores both ids with the run", async () => {
      const before = sut.spans().length;
      const res = await start({ 'x-request-id': 'corr-1', traceparent: TRACEPARENT, tracestate: 'vendor=1' });
      const run = res.json<RunRecord>();
      expect([res.statusCode, run.status, run.requestId, run.traceId]).toEqual([200, 'completed', 'corr-1', TRACE_ID]);
      expect(
        sut
          .spans()
          .slice(before)
          .map((s) => [s.name, s.traceId, s.parentSpanId, s.attributes['request.id']]),
      ).toEqual([['orchestrate fallback_autonomous', TRACE_ID, PARENT_ID, 'corr-1']]);
      const read = (await sut.inject({ method: 'GET', url: `/autointel/${run.workflowId}` })).json<RunRecord>();
      expect([read.requestId, read.traceId]).toEqual(['corr-1', TRACE_ID]);
    });

    it("writes the x-request-id sent, and the run's trace id, on the run's log lines", async () => {
      const run = (await start({ 'x-request-id': 'corr-logs', traceparent: TRACEPARENT })).json<RunRecord>();
      const lines = runLines(await sut.logLines(finishedOf(run)), run);
      expect(lines.map((l) => [l.event, l.request_id, l.trace_id])).toEqual([
        ['autointel_run_started', 'corr-logs', TRACE_ID],
        ['orchestration_started', 'corr-logs', TRACE_ID],
        ['orchestration_completed', 'corr-logs', TRACE_ID],
        ['autointel_run_finished', 'corr-logs', undefined],
      ]);
      expect(lines[0]).toMatchObject({ level: 30, tenant_id: 'default', mode: 'fallback', attempt: 1 });
      expect(lines[3]).toMatchObject({ level: 30, status: 'completed' });
    });

    it('starts a new trace for a run whose request sent no traceparent, and stores its trace id', async () => {
      const before = sut.spans().length;
      const run = (await start({ 'x-request-id': 'corr-2' })).json<RunRecord>();
      const spans = sut.spans().slice(before);
      expect(spans.map((s) => [s.name, s.traceId, s.parentSpanId, s.attributes['request.id']])).toEqual([
        ['enqueue autointel.runs', run.traceId, undefined, 'corr-2'],
        ['orchestrate fallback_autonomous', run.traceId, spans[0].spanId, 'corr-2'],
      ]);
      expect([run.requestId, run.traceId === TRACE_ID, /^[0-9a-f]{32}$/.test(run.traceId!)]).toEqual([
        'corr-2',
        false,
        true,
      ]);
    });
  });

  it(
    'stores the request id and trace id with tracing off, and the run runs as before',
    async () => {
      const sut = await boot({ tracing: false });
      try {
        const start = (headers: Record<string, string>) => sut.postRun(`${base}/a`, headers, true);
        const given = (await start({ 'x-request-id': 'off-1', traceparent: TRACEPARENT })).json<RunRecord>();
        const fresh = (await start({ 'x-request-id': 'off-2' })).json<RunRecord>();
        expect([given.status, given.requestId, given.traceId]).toEqual(['completed', 'off-1', TRACE_ID]);
        // Without a traceparent the request's own trace id is the run's: the one its log lines carry.
        const lines = runLines(await sut.logLines(finishedOf(fresh)), fresh);
        expect([fresh.status, fresh.requestId, lines[0].event, lines[0].trace_id]).toEqual([
          'completed',
          'off-2',
          'autointel_run_started',
          fresh.traceId,
        ]);
      } finally {
        await sut.app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'resumes a run after a restart with the request id and trace it was started with',
    async () => {
      const dataDir = testDataDir();
      holding = true;
      const first = await boot({ tracing: true, dataDir });
      const post = (headers: Record<string, string>) => first.postRun(`${base}/held`, headers);
      const traced = (await post({ 'x-request-id': 'resumed-1', traceparent: TRACEPARENT })).json<RunRecord>();
      const untraced = (await post({ 'x-request-id': 'resumed-2' })).json<RunRecord>();
      while (held.length < 2) await sleep(20); // both runs are fetching their page
      const enqueued = first.spans().find((s) => s.name === 'enqueue autointel.runs');
      await first.app.close();
      holding = false;
      for (const res of held.splice(0)) res.destroy();

      const second = await boot({ tracing: true, dataDir });
      try {
        const service = second.app.get(AutointelService);
        const runs = await Promise.all([traced, untraced].map((r) => service.waitFor('default', r.workflowId, 30_000)));
        expect(runs.map((r) => [r?.status, r?.attempts, r?.requestId, r?.traceId])).toEqual([
          ['completed', 2, 'resumed-1', TRACE_ID],
          ['completed', 2, 'resumed-2', untraced.traceId],
        ]);
        // The two runs go side by side: their spans and lines are compared in request id order.
        const byRequest = (a: unknown[], b: unknown[]) => String(a.at(-1)).localeCompare(String(b.at(-1)));
        const spans = second.spans().map((s) => [s.name, s.traceId, s.parentSpanId, s.attributes['request.id']]);
        expect(spans.sort(byRequest)).toEqual([
          ['orchestrate fallback_autonomous', TRACE_ID, PARENT_ID, 'resumed-1'],
          ['orchestrate fallback_autonomous', untraced.traceId, enqueued?.spanId, 'resumed-2'],
        ]);
        const lines = await second.logLines((ls) => finishedOf(runs[0]!)(ls) && finishedOf(runs[1]!)(ls));
        const started = lines.filter((l) => l.event === 'autointel_run_started');
        expect(started.map((l) => [l.attempt, l.trace_id, l.request_id]).sort(byRequest)).toEqual([
          [2, TRACE_ID, 'resumed-1'],
          [2, untraced.traceId, 'resumed-2'],
        ]);
      } finally {
        await second.app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
