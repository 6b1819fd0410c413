/**
 * Telemetry overhead, each variant in its own process, 3 rounds: ns per recorded metric point (ring + aggregate +
 * Prometheus mirror) against a bare prom-client `counter.inc` with the same labels; ns per facade span (a no-op
 * facade call with tracing on minus the same with tracing off) against a bare OpenTelemetry SDK span
 * (BatchSpanProcessor, discarding exporter); and the whole facade overhead per call with tracing on. Every
 * process runs with the service's V8 flags (`SERVICE_NODE_FLAGS`, as `npm start` and the Dockerfile do); the span
 * variants run once more with V8's default flags, so the result shows what the flags are worth on this Node.
 */
import { runWorker, SERVICE_NODE_FLAGS } from './lib/child';
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

/** Variants measured a second time without SERVICE_NODE_FLAGS: the decision for the flag rests on them. */
const DEFAULT_FLAG_VARIANTS = ['bare-span', 'facade-off', 'facade-on'] as const;
const defaultFlagsLabel = (v: string) => `${LABELS[v]}, V8 default semi-space`;

export async function run(): Promise<BenchResult> {
  const samples: Record<string, number[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const plain: Record<string, number[]> = Object.fromEntries(DEFAULT_FLAG_VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Every variant under the service's runtime flags (see SERVICE_NODE_FLAGS), the bare baselines too.
    for (const v of VARIANTS) samples[v].push((await runWorker<{ nsPerCall: number }>('telemetry/worker.ts', [v], {}, SERVICE_NODE_FLAGS)).nsPerCall);
    for (const v of DEFAULT_FLAG_VARIANTS) plain[v].push((await runWorker<{ nsPerCall: number }>('telemetry/worker.ts', [v])).nsPerCall);
  }
  const variants: VariantResult[] = [
    ...VARIANTS.map((v) => summarize(LABELS[v], 'ns/call', samples[v])),
    ...DEFAULT_FLAG_VARIANTS.map((v) => summarize(defaultFlagsLabel(v), 'ns/call', plain[v])),
  ];
  const median = (v: string) => variants.find((x) => x.variant === LABELS[v])!.median;
  const plainMedian = (v: string) => variants.find((x) => x.variant === defaultFlagsLabel(v))!.median;
  const facadeSpan = median('facade-on') - median('facade-off');
  const plainSpan = plainMedian('facade-on') - plainMedian('facade-off');
  const ratios = {
    'point / bare inc': round(median('point') / median('bare-inc'), 2),
    'facade span ns (tracing on − off)': round(facadeSpan, 1),
    'facade span / bare SDK span': round(facadeSpan / median('bare-span'), 2),
    'facade call with tracing, µs': round(median('facade-on') / 1000, 2),
    'facade span / bare SDK span, V8 default semi-space': round(plainSpan / plainMedian('bare-span'), 2),
    'facade call with tracing, µs, V8 default semi-space': round(plainMedian('facade-on') / 1000, 2),
  };
  const met = ratios['point / bare inc'] <= 2 && ratios['facade span / bare SDK span'] <= 1.5 && ratios['facade call with tracing, µs'] <= 6;
  return {
    ...benchHeader('telemetry', ROUNDS),
    variants,
    ratios,
    goal: 'a point ≤ 2× a bare labelled inc; a facade span ≤ 1.5× a bare SDK span; a facade call with tracing ≤ 6 µs',
    met,
  };
}
