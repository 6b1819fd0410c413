/**
 * The feedback hub: submits/s (validated and queued), end-to-end submit → sink signals/s in process and through
 * BullMQ on a local redis-server, and heap per 10 000 queued signals — each variant in its own process, against
 * the absolute goals of the feedback issue and the original's drain rate (at most 10 signals/s per type).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/fixtures/free-port';
import { runWorker } from './lib/child';
import { benchHeader, round, summarize, type BenchResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = join(__dirname, '..', '..');
/** The original drained ≤ 10 signals per type per 1 s pass, over six types. */
const ORIGINAL_DRAIN_PER_SECOND = 60;

async function samples(variant: string, env: NodeJS.ProcessEnv = {}): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    out.push((await runWorker<{ value: number }>('feedback/worker.ts', [variant], env)).value);
  return out;
}

export async function run(): Promise<BenchResult> {
  const servicesEnv = {
    ...process.env,
    CREW_SERVICES_DIR: mkdtempSync(join(tmpdir(), 'crew-bench-services-')),
    CREW_PG_PORT: String(await freePort()),
    CREW_REDIS_PORT: String(await freePort()),
  };
  const services = join(ROOT, 'scripts', 'services.sh');
  const lines = execFileSync(services, ['start'], { env: servicesEnv }).toString().trim().split('\n');
  const urls = Object.fromEntries(lines.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  try {
    const submit = summarize('submit (validated, deduped, queued), in process', 'signals/s', await samples('submit'));
    const e2e = summarize('submit → sink, in process', 'signals/s', await samples('e2e'));
    const redis = summarize(
      'submit → sink through BullMQ (local redis-server)',
      'signals/s',
      await samples('e2e-redis', { BENCH_REDIS_URL: urls.REDIS_URL }),
    );
    const memory = summarize('heap per 10 000 queued signals', 'bytes', await samples('memory'));
    const ratios = {
      'submit / 200 000 goal': round(submit.median / 200_000, 2),
      'e2e in process / 50 000 goal': round(e2e.median / 50_000, 2),
      'e2e Redis / 5 000 goal': round(redis.median / 5_000, 2),
      'e2e in process / original drain (60/s)': round(e2e.median / ORIGINAL_DRAIN_PER_SECOND, 0),
      'MiB per 10 000 queued': round(memory.median / 2 ** 20, 2),
    };
    return {
      ...benchHeader('feedback', ROUNDS),
      variants: [submit, e2e, redis, memory],
      ratios,
      goal: '≥ 200 000 submits/s and ≥ 50 000 end-to-end/s in process, ≥ 5 000/s end to end through Redis',
      met: submit.median >= 200_000 && e2e.median >= 50_000 && redis.median >= 5_000,
    };
  } finally {
    execFileSync(services, ['stop'], { env: servicesEnv });
  }
}
