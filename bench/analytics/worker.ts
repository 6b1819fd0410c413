/**
 * One performance-analytics measurement in its own process; prints one JSON line:
 *   worker.ts analysis current|previous <agents> <perAgent> <method>   `{ firstMs, warmMs, detected }`: `analyze`
 *        on the generated interactions (data.ts), lookback 0 (all of them), `bufferSize` = perAgent: the first call
 *        of the process and the median of 5 after it (2 for `previous`, seconds each); `previous` is the implementation before the speed work
 *        (bench/analytics/previous/), the same formulas with copied series and windows recomputed at every index
 *   worker.ts floor <agents> <perAgent>   `{ firstMs, warmMs }`: one pass over the same interactions summing quality,
 *        response time and errors per agent: the least any analysis of them must cost
 *   worker.ts check <agents> <perAgent>   `{ identical, fields }`: current and previous on the same data with both
 *        anomaly methods and a lookback that drops some interactions; `fields` counts the JSON leaves that differ
 */
import { analyze } from '../../src/infrastructure/analytics/performance/analyze';
import type { AnomalyMethod } from '../../src/infrastructure/analytics/performance/analytics.model';
import {
  DEFAULT_ANALYTICS_SETTINGS,
  type AnalyticsSettings,
} from '../../src/infrastructure/analytics/performance/performance-analytics.config';
import { analyze as analyzePrevious } from './previous/analyze';
import { interactions, NOW, type GeneratedInteraction } from './data';
import { timed, median } from './timing';

const [mode, ...args] = process.argv.slice(2);
const [impl, method] = mode === 'analysis' ? [args.shift(), args.pop() as AnomalyMethod] : [];
const agents = Number(args[0]);
const perAgent = Number(args[1]);

function settings(method: AnomalyMethod): AnalyticsSettings {
  return { ...DEFAULT_ANALYTICS_SETTINGS, bufferSize: perAgent, anomalyMethod: method };
}

function floor(buffers: ReadonlyMap<string, readonly GeneratedInteraction[]>): number {
  let checksum = 0;
  for (const items of buffers.values()) {
    let quality = 0;
    let time = 0;
    let errors = 0;
    for (const i of items) {
      if (i.quality !== null) quality += i.quality;
      time += i.durationMs;
      if (i.outcome === 'error') errors++;
    }
    checksum += quality / items.length + time / items.length + errors;
  }
  return checksum;
}

/** Leaves of two JSON values that differ. */
function differing(x: unknown, y: unknown): number {
  if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return Object.is(x, y) ? 0 : 1;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  let n = 0;
  for (const k of keys) n += differing((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
  return n;
}

function main(): unknown {
  const buffers = interactions(agents, perAgent);
  if (mode === 'analysis') {
    const fn = impl === 'previous' ? analyzePrevious : analyze;
    const input = { now: NOW, lookbackHours: 0, buffers };
    const s = settings(method ?? 'zscore');
    let detected = 0;
    const first = timed(() => (detected = fn(input, s).anomalies.detected));
    const warm = Array.from({ length: impl === 'previous' ? 2 : 5 }, () => timed(() => fn(input, s)));
    return { firstMs: first, warmMs: median(warm), detected };
  }
  if (mode === 'floor') {
    const first = timed(() => floor(buffers));
    const warm = Array.from({ length: 5 }, () => timed(() => floor(buffers)));
    return { firstMs: first, warmMs: median(warm) };
  }
  if (mode === 'check') {
    let fields = 0;
    for (const method of ['zscore', 'robust'] as const)
      for (const lookbackHours of [0, (perAgent * 8_000) / 2 / 3_600_000]) {
        const input = { now: NOW, lookbackHours, buffers };
        fields += differing(
          JSON.parse(JSON.stringify(analyze(input, settings(method)))),
          JSON.parse(JSON.stringify(analyzePrevious(input, settings(method)))),
        );
      }
    return { identical: fields === 0, fields };
  }
  throw new Error(`unknown mode ${mode}`);
}

console.log(JSON.stringify(main()));
