/**
 * One autonomous-intelligence measurement in its own process; prints `{"value": N, …}`:
 *   standard|deep|comprehensive  median ms of 10 runs of `autonomous_intelligence` on the 10 000-word document
 *                                (deterministic runtime, after 3 warm-up runs), through the facade of the whole app
 *   concurrent                   20 concurrent POST /autointel?wait=true (standard, autonomous mode) of a local page of
 *                                the document: errors, p95 and median per-request latency, wall ms
 */
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { validateConfig } from '../../src/core/config/config.loader';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { benchDocument, servePage } from '../content/document';
import { BENCH_AUTH, BENCH_SECURITY } from '../lib/bench-key';

const dir = mkdtempSync(join(tmpdir(), 'crew-bench-autonomous-'));
const text = benchDocument(10_000);
const file = join(dir, 'document.txt');
writeFileSync(file, text);

function config(concurrency: number) {
  return validateConfig({
    ...BENCH_SECURITY,
    logging: { level: 'warn', file: join(dir, 'autonomous.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    metrics: { defaultMetrics: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, `data-${concurrency}`) },
    content: { ytDlp: 'off', allowedCidrs: ['127.0.0.0/8'] },
    autointel: { concurrency },
  });
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function depthRuns(depth: string): Promise<{ value: number; p95: number }> {
  const app = await createApp({ config: config(4) });
  await app.init();
  const facade = app.get(OrchestrationFacade);
  const once = async (i: number) => {
    const ctx = OrchestrationContext.create({ tenantId: 'bench', workspaceId: `w${i % 4}` });
    const result = await facade.orchestrate(
      'autonomous_intelligence',
      ctx,
      { url: file, depth },
      { localFiles: 'any' },
    );
    if (result.status !== 'ok') throw new Error(`run ${i}: ${JSON.stringify(result).slice(0, 400)}`);
  };
  for (let i = 0; i < 3; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    await once(i);
    times.push(ms(started));
  }
  await app.close();
  times.sort((a, b) => a - b);
  return { value: (times[4] + times[5]) / 2, p95: percentile(times, 95) };
}

async function concurrent(): Promise<{ value: number; p95: number; median: number; wallMs: number }> {
  const { url: page, server } = await servePage(text);
  const app = await createApp({ config: config(20) });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const post = (i: number) =>
    fetch(`${base}/autointel?wait=true`, {
      method: 'POST',
      headers: { ...BENCH_AUTH, 'content-type': 'application/json', 'x-tenant-id': `t${i % 5}` },
      body: JSON.stringify({ url: `${page}?n=${i}`, depth: 'standard' }),
    });
  await (await post(-1)).json(); // warm-up: model load, first database writes
  const started = process.hrtime.bigint();
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const t0 = process.hrtime.bigint();
      const res = await post(i);
      const body = (await res.json()) as { status: string; mode: string };
      return { ok: res.status === 200 && body.status === 'completed' && body.mode === 'autonomous', ms: ms(t0) };
    }),
  );
  const wallMs = ms(started);
  await app.close();
  server.close();
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    value: answers.filter((a) => !a.ok).length,
    p95: percentile(times, 95),
    median: (times[9] + times[10]) / 2,
    wallMs,
  };
}

async function main(): Promise<void> {
  const variant = process.argv[2];
  const result =
    variant === 'concurrent'
      ? await concurrent()
      : ['standard', 'deep', 'comprehensive'].includes(variant)
        ? await depthRuns(variant)
        : undefined;
  if (!result) throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
