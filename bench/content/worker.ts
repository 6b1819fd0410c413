/**
 * One content-intelligence measurement in its own process; prints `{"value": N, …}`:
 *   cold     ms of the first fallback run on the 10 000-word document in a fresh process (model load included)
 *   warm     median ms of 10 runs after 3 warm-up runs
 *   retained heap bytes kept per finished run (10 results held, after GC)
 *   api      20 concurrent POST /autointel?wait=true for a local page of the document: errors, wall ms, peak RSS growth
 * The orchestrator runs inside the whole application, through the facade, as users get it.
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createApp } from '../../src/app.factory';
import { validateConfig } from '../../src/core/config/config.loader';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { benchDocument, servePage } from './document';
import { BENCH_AUTH, BENCH_SECURITY } from '../lib/bench-key';

const dir = mkdtempSync(join(tmpdir(), 'crew-bench-content-'));
const text = benchDocument(10_000);
const file = join(dir, 'document.txt');
writeFileSync(file, text);

function config() {
  return validateConfig({
    ...BENCH_SECURITY,
    logging: { level: 'warn', file: join(dir, 'content.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    metrics: { defaultMetrics: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, 'data') },
    content: { ytDlp: 'off', allowedCidrs: ['127.0.0.0/8'] },
    autointel: { concurrency: 4 },
  });
}

async function boot() {
  const app = await createApp({ config: config() });
  await app.init();
  return app;
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

async function runOnce(facade: OrchestrationFacade, i: number): Promise<unknown> {
  const ctx = OrchestrationContext.create({ tenantId: 'bench', workspaceId: `w${i % 4}` });
  const result = await facade.orchestrate('fallback_autonomous', ctx, { url: file }, { localFiles: 'any' });
  if (result.status !== 'ok') throw new Error(`run ${i}: ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

async function cold(): Promise<{ value: number }> {
  const app = await boot();
  const started = process.hrtime.bigint();
  await runOnce(app.get(OrchestrationFacade), 0);
  const value = ms(started);
  await app.close();
  return { value };
}

async function warm(): Promise<{ value: number }> {
  const app = await boot();
  const facade = app.get(OrchestrationFacade);
  for (let i = 0; i < 3; i++) await runOnce(facade, i);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    await runOnce(facade, i);
    times.push(ms(started));
  }
  await app.close();
  times.sort((a, b) => a - b);
  return { value: (times[4] + times[5]) / 2 };
}

async function retained(): Promise<{ value: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const app = await boot();
  const facade = app.get(OrchestrationFacade);
  for (let i = 0; i < 3; i++) await runOnce(facade, i);
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: unknown[] = [];
  for (let i = 0; i < 10; i++) held.push(await runOnce(facade, i));
  gc();
  const value = (process.memoryUsage().heapUsed - before) / held.length;
  await app.close();
  return { value };
}

async function api(): Promise<{ value: number; wallMs: number; peakRssGrowth: number }> {
  const { url: page, server } = await servePage(text);
  const app = await boot();
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = process.hrtime.bigint();
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      fetch(`${base}/autointel?wait=true`, {
        method: 'POST',
        headers: { ...BENCH_AUTH, 'content-type': 'application/json', 'x-tenant-id': `t${i % 5}` },
        body: JSON.stringify({ url: page, mode: 'fallback' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { status: string } })),
    ),
  );
  const wallMs = ms(started);
  clearInterval(sampler);
  const errors = answers.filter((a) => a.status !== 200 || a.body.status !== 'completed').length;
  await app.close();
  server.close();
  return { value: errors, wallMs, peakRssGrowth: peak - rssBefore };
}

async function main(): Promise<void> {
  const variant = process.argv[2];
  const run = { cold, warm, retained, api }[variant as 'cold'];
  if (!run) throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
