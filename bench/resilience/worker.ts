/**
 * One resilience measurement in its own process: ns per call of `variant` on an async no-op, after warm-up.
 * Prints `{"nsPerCall": N}`.
 */
import { EventEmitter2 } from '@nestjs/event-emitter';
import { circuitBreaker, ConsecutiveBreaker, ExponentialBackoff, handleAll, retry, wrap } from 'cockatiel';
import CircuitBreaker from 'opossum';
import { validateConfig } from '../../src/core/config/config.loader';
import { MetricsRegistry } from '../../src/core/metrics/metrics.registry';
import type { ExecuteOptions } from '../../src/core/ports/resilience.port';
import { systemClock } from '../../src/core/runtime/clock';
import { mathRandom } from '../../src/core/runtime/random';
import { ResilienceMetrics } from '../../src/infrastructure/resilience/resilience.metrics';
import { ResilienceService } from '../../src/infrastructure/resilience/resilience.service';
import { ServiceHealth } from '../../src/infrastructure/resilience/service-health';

const N = Number(process.env.BENCH_CALLS ?? 300_000);
const WARMUP = 50_000;
const noop = async (): Promise<number> => 1;

function ours(options: ExecuteOptions<number>, metricsOn: boolean): () => Promise<unknown> {
  const config = validateConfig({ metrics: { defaultMetrics: false } });
  const metrics = new ResilienceMetrics(MetricsRegistry.create(config.metrics), config.resilience);
  if (!metricsOn) {
    // Measures the metrics' own share: the same engine with recording switched off.
    metrics.record = () => undefined;
    metrics.recordIn = () => undefined;
  }
  const service = new ResilienceService(config.resilience, systemClock, mathRandom, metrics, new EventEmitter2());
  return () => service.execute('bench', noop, options);
}

const variants: Record<string, () => () => Promise<unknown>> = {
  bare: () => noop,
  'ours fail_fast': () => ours({ strategy: 'fail_fast' }, true),
  'ours graceful_degrade': () => ours({ strategy: 'graceful_degrade', fallback: noop }, true),
  'ours retry': () => ours({ strategy: 'retry' }, true),
  'ours circuit_breaker': () => ours({ strategy: 'circuit_breaker', timeoutMs: 0 }, true),
  'ours circuit_breaker (metrics off)': () => ours({ strategy: 'circuit_breaker', timeoutMs: 0 }, false),
  'ours circuit_breaker with 30 s call timeout': () => ours({ strategy: 'circuit_breaker' }, true),
  'ours retry+breaker': () => ours({ strategy: 'circuit_breaker', timeoutMs: 0, retry: { attempts: 3 } }, true),
  'ours retry+breaker (metrics off)': () =>
    ours({ strategy: 'circuit_breaker', timeoutMs: 0, retry: { attempts: 3 } }, false),
  'ours adaptive_routing': () => ours({ strategy: 'adaptive_routing', timeoutMs: 0 }, true),
  'cockatiel breaker': () => {
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) });
    return () => breaker.execute(noop);
  },
  // The same per-call duties as ours (duration into a health window, an outcome counter and a latency histogram),
  // through cockatiel's own timing hook (it reads the clock twice per call only when someone listens).
  'cockatiel breaker, timed like ours': () => {
    const config = validateConfig({ metrics: { defaultMetrics: false } });
    const metrics = new ResilienceMetrics(MetricsRegistry.create(config.metrics), config.resilience);
    const cells = metrics.cellsOf('bench');
    const health = new ServiceHealth({
      windowSize: 100,
      minSuccessRate: 0.7,
      maxMeanLatencyMs: 5000,
      routingEnabled: true,
      minWeight: 0.1,
      maxWeight: 2,
      slowMs: 1000,
    });
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) });
    breaker.onSuccess(
      ({ duration }) => (health.record(true, duration), metrics.recordIn(cells, 'success', duration / 1000)),
    );
    breaker.onFailure(
      ({ duration }) => (health.record(false, duration), metrics.recordIn(cells, 'failure', duration / 1000)),
    );
    return () => breaker.execute(noop);
  },
  // What any wrapper that times its calls pays at least: one async layer, two clock reads and a result object.
  'floor: async wrapper with two clock reads': () => async () => {
    const started = performance.now();
    const data = await noop();
    return { status: 'ok', data: { data, executionMs: performance.now() - started } };
  },
  'cockatiel retry+breaker': () => {
    const policy = wrap(
      retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
      circuitBreaker(handleAll, { halfOpenAfter: 60_000, breaker: new ConsecutiveBreaker(5) }),
    );
    return () => policy.execute(noop);
  },
  'opossum (timeout off)': () => {
    const breaker = new CircuitBreaker(noop, { timeout: false });
    return () => breaker.fire();
  },
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const make = variants[name];
  if (!make) throw new Error(`unknown variant "${name}"; known: ${Object.keys(variants).join(', ')}`);
  const call = make();
  for (let i = 0; i < WARMUP; i++) await call();
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await call();
  const ns = Number(process.hrtime.bigint() - started) / N;
  process.stdout.write(`${JSON.stringify({ nsPerCall: ns })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

export const VARIANTS = Object.keys(variants);
