import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigFragment } from '../../src/core/config/config.loader';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';

const PAGE = `<!doctype html><html><head><title>Harbour report</title></head><body><article><h1>Harbour report</h1>
<p>The harbour handled 40% more cargo in 2025 than in 2024, according to the port authority.</p></article></body></html>`;

/** The three content-intelligence orchestrators: every run of them is admitted the same way. */
const RUNS = ['fallback_autonomous', 'autonomous_intelligence', 'enhanced_autonomous'];

interface Run {
  readonly workflowId: string;
  readonly url: string;
  readonly status: string;
  readonly error: { readonly message: string; readonly category: string } | null;
}

/**
 * The bounds of content-intelligence runs over HTTP: the queue's size (`POST /autointel` answers 503 with
 * `Retry-After` when full, and runs everything it accepted), the run slots shared by `/autointel` and the generic
 * orchestrate route, the run deadline on both, and the URL schemes `POST /autointel` accepts.
 */
describe('autointel admission (e2e)', () => {
  let server: Server;
  let base = '';
  /** Requests for `/held…` pages, answered only by release(). */
  const held: ServerResponse[] = [];

  const release = () => {
    for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  };
  const untilHeld = async (n: number) => {
    for (let i = 0; held.length < n; i++) {
      if (i > 1000) throw new Error(`${held.length} of ${n} page requests arrived`);
      await sleep(10);
    }
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/held')) return void held.push(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    release();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const boot = (autointel: ConfigFragment[string]) =>
    createTestApp({ autointel, content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' } });

  describe('with one run slot and room for one waiting run', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await boot({ concurrency: 1, maxQueued: 1, queueFullRetryAfterS: 7 });
    }, BOOT_TIMEOUT_MS);
    afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

    const start = (url: string) =>
      sut.request({ method: 'POST', url: '/autointel', payload: { url, mode: 'fallback' } });
    const orchestrate = (name: string, url: string) =>
      sut.request({ method: 'POST', url: `/orchestrators/${name}/orchestrate`, payload: { input: { url } } });
    const finished = async (run: Run): Promise<Run> => {
      for (let i = 0; i < 1000; i++) {
        const now = jsonBody<Run>(await sut.request({ method: 'GET', url: `/autointel/${run.workflowId}` }));
        if (now.status === 'completed' || now.status === 'failed') return now;
        await sleep(10);
      }
      throw new Error(`run ${run.workflowId} did not finish`);
    };

    it('answers 503 with Retry-After while autointel.maxQueued runs wait, and runs every run it accepted', async () => {
      const first = await start(`${base}/held?run=1`);
      await untilHeld(1); // the first run holds the only slot
      const second = await start(`${base}/held?run=2`);
      expect([first.statusCode, second.statusCode, jsonBody<Run>(second).status]).toEqual([202, 202, 'queued']);
      const refused = await start(`${base}/article`);
      expect([refused.statusCode, refused.headers['retry-after'], refused.json()]).toEqual([
        503,
        '7',
        {
          status: 'error',
          category: 'unavailable',
          error: 'the run queue is full: 1 waiting to start, autointel.maxQueued is 1; try again later',
          retryable: true,
          statusCode: 503,
        },
      ]);
      release();
      await untilHeld(1); // the second run took the slot
      release();
      const runs = await Promise.all([first, second].map((res) => finished(jsonBody<Run>(res))));
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    });

    it('runs the generic route under the same slots: 503 naming autointel.concurrency while a queued run holds it', async () => {
      const queued = await start(`${base}/held?run=3`);
      await untilHeld(1);
      for (const name of RUNS) {
        const res = await orchestrate(name, `${base}/article`);
        expect([name, res.statusCode, res.json()]).toEqual([
          name,
          503,
          {
            status: 'error',
            error:
              'all 1 run slots are taken (autointel.concurrency); try again later, or queue the run with POST /autointel',
            category: 'unavailable',
            retryable: true,
          },
        ]);
      }
      release();
      expect((await finished(jsonBody<Run>(queued))).status).toBe('completed');
      const after = await orchestrate('fallback_autonomous', `${base}/article`);
      expect([after.statusCode, jsonBody(after).status]).toEqual([200, 'ok']);
    });

    it('refuses url schemes other than http(s) with 400 naming url; without file roots, file: URLs and paths too', async () => {
      const noFiles =
        'url must be an http or https URL: this service reads no local files (content.fileRoots is empty)';
      for (const [url, error] of [
        ['ftp://example.invalid/notes.txt', 'url must be an http or https URL, got "ftp:"'],
        ['file:///etc/hostname.txt', noFiles],
        ['notes/talk.vtt', noFiles],
      ]) {
        const res = await start(url);
        expect([url, res.statusCode, jsonBody(res).error]).toEqual([url, 400, error]);
      }
      const listed = jsonBody<{ runs: Run[] }>(await sut.request({ method: 'GET', url: '/autointel?limit=100' }));
      // Stored runs: those accepted above, none of the refused ones (the full queue's, the bad schemes').
      expect(listed.runs.map((r) => r.url)).toEqual([3, 2, 1].map((n) => `${base}/held?run=${n}`));
    });
  });

  describe('with a run deadline of one second', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await boot({ runTimeoutMs: 1000 });
    }, BOOT_TIMEOUT_MS);
    afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

    it('stops a run of the generic route at autointel.runTimeoutMs with 504, as it stops a queued run', async () => {
      const inline = await sut.request({
        method: 'POST',
        url: '/orchestrators/fallback_autonomous/orchestrate',
        payload: { input: { url: `${base}/held?run=inline` } },
      });
      expect([inline.statusCode, jsonBody(inline).category, jsonBody(inline).error]).toEqual([
        504,
        'timeout',
        'the run was stopped after autointel.runTimeoutMs (1000 ms): Content acquisition failed: aborted by the caller',
      ]);
      const queued = await sut.request({
        method: 'POST',
        url: '/autointel?wait=true',
        payload: { url: `${base}/held?run=queued`, mode: 'fallback' },
      });
      expect([queued.statusCode, jsonBody<Run>(queued).status, jsonBody<Run>(queued).error?.category]).toEqual([
        504,
        'failed',
        'timeout',
      ]);
      release();
    });
  });
});
