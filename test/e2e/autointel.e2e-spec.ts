import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { bearer } from '../fixtures/test-keys';

const ARTICLE = `<!doctype html><html lang="en"><head><title>Harbour report</title><meta property="og:site_name" content="Harbour News">
<meta name="author" content="Ada Lovelace"></head><body><nav>Home | Sections | Login</nav><article><h1>Harbour report</h1>
<p>The harbour handled 40% more cargo in 2025 than in 2024, according to the port authority.</p>
<p>Everyone knows the new cranes are the best in the world. Critics say the expansion was rushed, but the mayor called it a wonderful success for the city.</p>
<p>The Great Wall of China is visible from the Moon with the naked eye, one official claimed at the opening.</p></article>
<footer>Copyright Harbour News</footer></body></html>`;

/** The fields of a run that these tests read; `D` is the result data of the run's mode. */
interface Run<D = unknown> {
  readonly workflowId: string;
  readonly status: string;
  readonly depth: string;
  readonly mode: string;
  readonly tenantId: string;
  readonly attempts: number;
  readonly error: { readonly message: string; readonly category: string } | null;
  readonly result: { readonly report: string; readonly data: D };
  readonly events: readonly { readonly step: { readonly current: number; readonly total: number } | null }[];
}

interface FallbackData {
  readonly pipelineData: { readonly download: unknown; readonly transcription: { readonly transcript: string } };
  readonly contentReport: {
    readonly claims: readonly {
      readonly text: string;
      readonly verdict: string | null;
      readonly source: string | null;
    }[];
  };
}

interface AutonomousData {
  readonly workflowId: string;
  readonly effectiveDepth: string;
  readonly runtime: string;
  readonly delivery: { readonly status: string };
  readonly tasks: Readonly<Record<string, { readonly schemaValid: boolean }>>;
  readonly plan: { readonly tasks: readonly string[] };
  readonly stages: Readonly<Record<string, { readonly data: { readonly download: unknown } }>>;
}

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** `POST /autointel` end to end: a local page through HTTP acquisition, analysis, fact checks, the report, SSE. */
describe('autointel (e2e)', () => {
  let sut: TestApp;
  let app: NestFastifyApplication;
  let server: Server;
  let base = '';
  const inject = (o: InjectOptions) => sut.request(o);
  /** A file outside the configured root (examples/). */
  const outside = join(mkdtempSync(join(tmpdir(), 'crew-outside-')), 'notes.txt');

  beforeAll(async () => {
    writeFileSync(outside, 'Outside the roots: this text must never be read through the API.');
    server = createServer((req, res) => {
      if (req.url === '/article')
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
      if (req.url === '/broken') return void res.writeHead(500).end('the page server failed');
      res.writeHead(404).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const kb = join(EXAMPLES, 'fact-check-kb.yaml');
    sut = await createTestApp({
      content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off', factCheckKnowledgeBase: kb, fileRoots: [EXAMPLES] },
    });
    app = sut.app;
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await new Promise((resolve) => server.close(resolve));
  }, BOOT_TIMEOUT_MS);

  it('runs a page to a finished report with ?wait=true, and GET returns the same run', async () => {
    const res = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      headers: { 'x-tenant-id': 'acme' },
      payload: { url: `${base}/article`, depth: 'Deep', mode: 'fallback' },
    });
    expect(res.statusCode).toBe(200);
    const run = jsonBody<Run<FallbackData>>(res);
    expect([run.status, run.depth, run.mode, run.tenantId, run.attempts, run.error]).toEqual([
      'completed',
      'deep',
      'fallback',
      'acme',
      1,
      null,
    ]);
    const data = run.result.data;
    expect(data.pipelineData.download).toMatchObject({
      title: 'Harbour report',
      site: 'Harbour News',
      author: 'Ada Lovelace',
      platform: 'web',
      source: 'http',
    });
    expect(data.pipelineData.transcription.transcript).not.toContain('Login');
    const wall = data.contentReport.claims.find((f) => f.text.startsWith('The Great Wall'));
    expect([wall?.verdict, wall?.source]).toEqual(['refuted', 'the fact-check knowledge base']);
    expect(run.result.report.split('\n').slice(0, 1)).toEqual(['# Harbour report']);
    expect(run.result.report).toContain('- **Author**: Ada Lovelace');
    expect(run.events.map((e) => e.step?.current ?? null)).toEqual([1, 2, 3, 4, 5, null]);
    const again = await inject({
      method: 'GET',
      url: `/autointel/${run.workflowId}`,
      headers: { 'x-tenant-id': 'acme' },
    });
    expect(again.json()).toEqual(run);
    // Another tenant cannot see it.
    expect(
      (await inject({ method: 'GET', url: `/autointel/${run.workflowId}`, headers: { 'x-tenant-id': 'globex' } }))
        .statusCode,
    ).toBe(404);
  });

  it('answers 202 at once, and streams progress then the finished run as server-sent events', async () => {
    const started = await inject({
      method: 'POST',
      url: '/autointel',
      payload: { url: `${base}/article`, mode: 'fallback' },
    });
    const queued = jsonBody<Run>(started);
    expect([started.statusCode, queued.status]).toEqual([202, 'queued']);
    // Over a real socket: the stream is written to the connection as events come.
    await app.listen(0, '127.0.0.1');
    const sse = await fetch(
      `${await app.getUrl()}/autointel/${queued.workflowId}/events`.replace('[::1]', '127.0.0.1'),
      { headers: bearer() },
    );
    expect([sse.status, sse.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    const events = (await sse.text())
      .split('\n\n')
      .filter((block) => block.trim())
      .map((block) =>
        Object.fromEntries(
          block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
        ),
      );
    expect(events.map((e) => e.event)).toEqual([
      'progress',
      'progress',
      'progress',
      'progress',
      'progress',
      'progress',
      'done',
    ]);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', 'done']);
    expect((JSON.parse(events[6].data) as Run).status).toBe('completed');
  });

  it('runs the autonomous mode by default: crew tasks, stages, synthesis and the report, progress 0/5…5/5', async () => {
    const res = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      headers: { 'x-tenant-id': 'acme' },
      payload: { url: `${base}/article`, depth: 'comprehensive' },
    });
    expect(res.statusCode).toBe(200);
    const run = jsonBody<Run<AutonomousData>>(res);
    expect([run.status, run.mode, run.depth]).toEqual(['completed', 'autonomous', 'comprehensive']);
    const data = run.result.data;
    expect([data.workflowId, data.effectiveDepth, data.runtime, data.delivery.status]).toEqual([
      run.workflowId,
      'comprehensive',
      'deterministic',
      'delivered',
    ]);
    // 8 tasks in parallel mode, 4 where the host turns parallel analysis off (fewer than 2 CPUs).
    expect(Object.keys(data.tasks).sort()).toEqual([...data.plan.tasks].sort()); // jsonb keeps no key order
    expect([4, 8]).toContain(data.plan.tasks.length);
    expect(Object.keys(data.stages)).toEqual([
      'S1',
      'S2',
      'S3',
      'S4',
      'S5',
      'S6',
      'S7',
      'S8',
      'S9',
      'S10',
      'S11',
      'S12',
    ]);
    expect(data.stages.S1.data.download).toMatchObject({ title: 'Harbour report', author: 'Ada Lovelace' });
    expect(Object.values(data.tasks).every((t) => t.schemaValid)).toBe(true);
    expect(run.result.report.startsWith('# Harbour report\n')).toBe(true);
    expect(run.result.report).toContain('- **Depth**: comprehensive\n');
    expect(run.events.flatMap((e) => (e.step ? [`${e.step.current}/${e.step.total}`] : []))).toEqual([
      '0/5',
      '1/5',
      '2/5',
      '3/5',
      '4/5',
      '5/5',
    ]);
    // The run reached the feedback hub as a trajectory, and the workflow metrics counted it.
    const metrics = (await inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /feedback_signals_submitted_total\{source="trajectory",component_type="model",outcome="accepted"\} [1-9]/,
    );
    expect(metrics).toContain(
      'autointel_workflows_total{depth="comprehensive",outcome="success",orchestrator="autonomous",path="crew"} 1',
    );
  });

  it('runs the enhanced mode: healthy with the runtime and the pipeline bound, it takes the crew path', async () => {
    const res = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      payload: { url: `${base}/article`, mode: 'enhanced', depth: 'deep' },
    });
    const run = jsonBody<Run<{ path: string; fellBack: boolean; quality: string }>>(res);
    expect([res.statusCode, run.status, run.mode]).toEqual([200, 'completed', 'enhanced']);
    expect([run.result.data.path, run.result.data.fellBack, run.result.data.quality]).toEqual(['crew', false, '720p']);
    expect(run.events.flatMap((e) => (e.step ? [`${e.step.current}/${e.step.total}`] : []))).toEqual([
      '1/10',
      '2/10',
      '10/10',
    ]);
    expect(run.result.report).toContain(`${base}/article`);
  });

  it("A17 a failed workflow never answers 200: status failed, the reason, at its error's status (4xx for the caller's input, 5xx for a failing server)", async () => {
    const res = await inject({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/nope` } });
    const missing = jsonBody<Run<{ failedStage: string }>>(res);
    expect([res.statusCode, missing.status, missing.mode, missing.error?.category]).toEqual([
      404,
      'failed',
      'autonomous',
      'not_found',
    ]);
    expect(missing.error?.message).toContain(`${base}/nope`);
    expect(missing.result.data.failedStage).toBe('Crew Workflow');
    const fallback = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      payload: { url: `${base}/nope`, mode: 'fallback' },
    });
    expect([fallback.statusCode, jsonBody<Run>(fallback).status, jsonBody<Run>(fallback).error?.category]).toEqual([
      404,
      'failed',
      'not_found',
    ]);
    const broken = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      payload: { url: `${base}/broken`, mode: 'fallback' },
    });
    expect([broken.statusCode, jsonBody<Run>(broken).status, jsonBody<Run>(broken).error?.category]).toEqual([
      503,
      'failed',
      'unavailable',
    ]);
  });

  it('reads a file under content.fileRoots through the job, and answers 403, reading nothing, for one outside them', async () => {
    const inside = await inject({
      method: 'POST',
      url: '/autointel?wait=true',
      payload: { url: pathToFileURL(join(EXAMPLES, 'gettysburg-address.md')).href, mode: 'fallback' },
    });
    const read = jsonBody<Run<FallbackData>>(inside);
    expect([inside.statusCode, read.status]).toEqual([200, 'completed']);
    expect(read.result.data.pipelineData.transcription.transcript).toContain('Four score and seven years ago');
    for (const url of [pathToFileURL(outside).href, outside]) {
      const refused = await inject({ method: 'POST', url: '/autointel?wait=true', payload: { url, mode: 'fallback' } });
      const run = jsonBody<Run>(refused);
      expect([refused.statusCode, run.status, run.error]).toEqual([
        403,
        'failed',
        { message: `Content acquisition failed: ${outside} is outside the allowed file roots`, category: 'forbidden' },
      ]);
      expect(refused.body).not.toContain('must never be read');
    }
  });

  it('keeps the generic route to the same roots: a file under them is read, one outside them is 403', async () => {
    const orchestrate = (url: string) =>
      inject({ method: 'POST', url: '/orchestrators/fallback_autonomous/orchestrate', payload: { input: { url } } });
    const inside = await orchestrate(pathToFileURL(join(EXAMPLES, 'gettysburg-address.md')).href);
    expect([inside.statusCode, jsonBody<{ status: string }>(inside).status]).toEqual([200, 'ok']);
    const refused = await orchestrate(pathToFileURL(outside).href);
    expect([refused.statusCode, jsonBody(refused).error]).toEqual([
      403,
      `Content acquisition failed: ${outside} is outside the allowed file roots`,
    ]);
    expect(refused.body).not.toContain('must never be read');
  });

  it('validates the request: 422 for an unknown depth or mode, 400 naming a missing url, 404 for an unknown run', async () => {
    const depth = await inject({
      method: 'POST',
      url: '/autointel',
      payload: { url: 'https://example.org', depth: 'quick' },
    });
    expect([depth.statusCode, jsonBody(depth).error]).toEqual([
      422,
      'depth must be one of standard, deep, comprehensive, experimental, got "quick"',
    ]);
    const mode = await inject({
      method: 'POST',
      url: '/autointel',
      payload: { url: 'https://example.org', mode: 'agents' },
    });
    expect([mode.statusCode, jsonBody(mode).error]).toEqual([
      422,
      'mode must be one of fallback, autonomous, enhanced, got "agents"',
    ]);
    const noUrl = await inject({ method: 'POST', url: '/autointel', payload: { depth: 'deep' } });
    expect(noUrl.statusCode).toBe(400);
    expect(jsonBody(noUrl).error).toContain('url must be a string');
    const ftp = await inject({ method: 'POST', url: '/autointel', payload: { url: 'ftp://example.invalid/a.txt' } });
    expect([ftp.statusCode, jsonBody(ftp).error]).toEqual([
      400,
      'url must be an http or https URL, a file: URL or a path, got "ftp:"',
    ]);
    expect((await inject({ method: 'GET', url: '/autointel/unknown-run' })).statusCode).toBe(404);
    const listed = await inject({
      method: 'GET',
      url: '/autointel?status=completed&limit=1',
      headers: { 'x-tenant-id': 'acme' },
    });
    expect(jsonBody<{ runs: Run[] }>(listed).runs.map((r) => [r.tenantId, r.status])).toEqual([['acme', 'completed']]);
  });
});
