/**
 * Telemetry overhead, each variant in its own process, 3 rounds: ns per recorded metric point (ring + aggregate +
 * Prometheus mirror) against a bare prom-client `counter.inc` with the same labels; ns per facade span (a no-op
 * facade call with tracing on minus the same with tracing off) against a bare OpenTelemetry SDK span
 * (BatchSpanProcessor, discarding exporter); and the whole facade overhead per call with tracing on. Every
 * process runs with the service's V8 flags (`SERVICE_NODE_FLAGS`, as `npm start` and the Dockerfile do); the span
 * variants run once more with a 32 MiB semi-space, the flag the service used on Node 20, so the result shows what
 * that flag is worth on this Node.
 */
import { runWorker, SEMI_SPACE_32, SERVICE_NODE_FLAGS } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';
import { VARIANTS } from './telemetry/worker';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LABELS: Record<string, string> = {
  'bare-inc': 'bare prom-client counter.inc (2 labels)',
  point: 'telemetry point (ring + aggregate + mirror)',
  'bare-span': 'bare OTel SDK span (BatchSpanProcessor)',
  'facade-off': 'facade noop call, tracing off',
  'facade-on': 'facade noop call, tracing on',
};

/** Variants measured a second time with a 32 MiB semi-space: the decision on that flag rests on them. */
const SEMI_SPACE_VARIANTS = ['bare-span', 'facade-off', 'facade-on'] as const;
const semiSpaceLabel = (v: string) => `${LABELS[v]}, 32 MiB semi-space`;

export async function run(): Promise<BenchResult> {
  const samples: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const semiSpace: Record<string, number[]> = Object.fromEntries(SEMI_SPACE_VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Every variant under the service's runtime flags (see SERVICE_NODE_FLAGS), the bare baselines too.
    for (const v of VARIANTS)
      samples[v].push(
        (await runWorker<{ nsPerCall: number }>('telemetry/worker.ts', [v], {}, SERVICE_NODE_FLAGS)).nsPerCall,
      );
    for (const v of SEMI_SPACE_VARIANTS)
      semiSpace[v].push(
        (await runWorker<{ nsPerCall: number }>('telemetry/worker.ts', [v], {}, SEMI_SPACE_32)).nsPerCall,
      );
  }
  const variants: VariantResult[] = [
    ...VARIANTS.map((v) => summarize(LABELS[v], 'ns/call', samples[v])),
    ...SEMI_SPACE_VARIANTS.map((v) => summarize(semiSpaceLabel(v), 'ns/call', semiSpace[v])),
  ];
  const median = (v: string) => variants.find((x) => x.variant === LABELS[v])!.median;
  const semiSpaceMedian = (v: string) => variants.find((x) => x.variant === semiSpaceLabel(v))!.median;
  const facadeSpan = median('facade-on') - median('facade-off');
  const semiSpaceSpan = semiSpaceMedian('facade-on') - semiSpaceMedian('facade-off');
  const ratios = {
    'point / bare inc': round(median('point') / median('bare-inc'), 2),
    'facade span ns (tracing on − off)': round(facadeSpan, 1),
    'facade span / bare SDK span': round(facadeSpan / median('bare-span'), 2),
    'facade call with tracing, µs': round(median('facade-on') / 1000, 2),
    'facade span / bare SDK span, 32 MiB semi-space': round(semiSpaceSpan / semiSpaceMedian('bare-span'), 2),
    'facade call with tracing, µs, 32 MiB semi-space': round(semiSpaceMedian('facade-on') / 1000, 2),
  };
  const met =
    ratios['point / bare inc'] <= 2 &&
    ratios['facade span / bare SDK span'] <= 1.5 &&
    ratios['facade call with tracing, µs'] <= 6;
  return {
    ...benchHeader('telemetry', ROUNDS),
    variants,
    ratios,
    goal: 'a point ≤ 2× a bare labelled inc; a facade span ≤ 1.5× a bare SDK span; a facade call with tracing ≤ 6 µs',
    met,
  };
}
