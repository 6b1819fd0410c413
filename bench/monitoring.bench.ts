/**
 * Monitoring at steady state, in one run: 1 000 feed sources on a local feed host (its own process), 10 % of the
 * feeds with a new post per round. The service as shipped (conditional GET: ETag and Last-Modified sent back, 304
 * for an unchanged feed) against the baseline of the same engine fetching every feed in full. Each variant runs in
 * its own process, once per round, rounds outermost; the feed host is restarted for every variant so both start
 * from the same feeds.
 *
 * Goal: 1 000 sources at a 5-minute interval use < 5 % of one core, i.e. 1 000 checks' CPU time < 15 s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWorker, startServer, stop } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCES = 1000;
const INTERVAL_S = 300;
const GOAL_CORE_PERCENT = 5;
const MODES = ['conditional', 'unconditional'] as const;

interface Steady {
  firstPassRuns: number;
  checksPerSecond: number;
  cpuMsPerCheck: number;
  bytesPerCheck: number;
  runsPerRound: number;
  pushToRunMs: number;
  heapBytesPerSource: number;
}

/** The share of one core that SOURCES sources at INTERVAL_S use, from the CPU time of one check. */
const corePercent = (cpuMsPerCheck: number) => ((cpuMsPerCheck * SOURCES) / (INTERVAL_S * 1000)) * 100;

export async function run(): Promise<BenchResult> {
  const env = { BENCH_FEEDS: String(SOURCES), BENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'crew-bench-monitoring-')) };
  const samples: Record<string, Steady[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of MODES) {
      const host = await startServer('monitoring/feed-host.ts', [], env);
      try {
        const base = `http://127.0.0.1:${host.port}`;
        const result = await runWorker<Steady>('monitoring/worker.ts', ['steady', mode, base], env, ['--expose-gc']);
        if (result.firstPassRuns !== SOURCES * 15 || result.runsPerRound !== SOURCES / 10)
          throw new Error(`${mode}: ${result.firstPassRuns} first-pass runs, ${result.runsPerRound} per round`);
        (samples[mode] ??= []).push(result);
      } finally {
        await stop(host.child);
      }
    }
  }

  const variants: VariantResult[] = [];
  const of = (mode: (typeof MODES)[number], pick: (s: Steady) => number) => samples[mode].map(pick);
  const medians: Record<string, Record<string, number>> = {};
  for (const mode of MODES) {
    const label = mode === 'conditional' ? 'service (conditional GET)' : 'baseline (every feed fetched in full)';
    const rows: [string, string, (s: Steady) => number][] = [
      ['checks per second (4 at a time)', 'checks/s', (s) => s.checksPerSecond],
      ['CPU time per check', 'ms', (s) => s.cpuMsPerCheck],
      ['one core used by 1 000 sources every 5 min', '%', (s) => corePercent(s.cpuMsPerCheck)],
      ['bytes received per check', 'B', (s) => s.bytesPerCheck],
      ['post → run asked for, push-triggered check', 'ms', (s) => s.pushToRunMs],
      ['heap per planned source', 'B', (s) => s.heapBytesPerSource],
    ];
    medians[mode] = {};
    for (const [what, unit, pick] of rows) {
      const v = summarize(`${label}: ${what}`, unit, of(mode, pick));
      variants.push(v);
      medians[mode][what] = v.median;
    }
  }
  const c = medians.conditional;
  const u = medians.unconditional;
  const core = c['one core used by 1 000 sources every 5 min'];
  return {
    ...benchHeader('monitoring', ROUNDS),
    variants,
    ratios: {
      'bytes per check: conditional / full': round(c['bytes received per check'] / u['bytes received per check'], 3),
      'CPU per check: conditional / full': round(c['CPU time per check'] / u['CPU time per check'], 2),
      [`core share / goal (${GOAL_CORE_PERCENT} %)`]: round(core / GOAL_CORE_PERCENT, 3),
    },
    goal: `${SOURCES} sources at a ${INTERVAL_S / 60}-minute interval use < ${GOAL_CORE_PERCENT} % of one core (90 % of feeds unchanged)`,
    met: core < GOAL_CORE_PERCENT,
    notes: [
      'feeds: Atom, 15 entries each (19.5 KB, 6.2 KB gzipped), gzip when asked, a strong ETag and Last-Modified; served by a separate process on loopback',
      'per round: a post added to 100 of the 1 000 feeds, then every source checked once through the engine’s checkNow, 4 at a time; the median of 5 such rounds per process',
      'CPU time is the monitor process’s own (user + system) during the checks: fetch, decompress, parse, the embedded database (PGlite) writes, runs asked for',
      'core share = CPU time per check × 1 000 / 300 s',
      'post → run: a post published, then the check a WebSub push triggers; ends when the content-runs port is called (the main job’s queue insert is not included)',
      'heap per planned source: heap growth when the scheduler plans every source (after gc)',
    ],
  };
}
