import { Registry } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-path.metrics';

describe('hot-path metrics', () => {
  it('exposes counter cells in the Prometheus text format, and resets them', async () => {
    const registry = new Registry();
    const sut = new HotCounter('jobs_total', 'Jobs', registry);
    sut.cell({ queue: 'a' }).value += 2;
    sut.cell({ queue: 'a' }).value++;
    sut.cell({ queue: 'b' }).value++;
    expect(await registry.getSingleMetricAsString('jobs_total')).toBe(
      '# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total{queue="a"} 3\njobs_total{queue="b"} 1',
    );
    registry.resetMetrics();
    expect(await registry.getSingleMetricAsString('jobs_total')).toContain('jobs_total{queue="a"} 0');
  });

  it('exposes cumulative histogram buckets, sum and count like prom-client', async () => {
    const registry = new Registry();
    const sut = new HotHistogram('latency_seconds', 'Latency', [0.1, 1], registry);
    for (const v of [0.05, 0.5, 0.7, 3]) sut.cell({ service: 's' }).observe(v);
    expect((await registry.getSingleMetricAsString('latency_seconds')).split('\n').slice(2)).toEqual([
      'latency_seconds_bucket{le="0.1",service="s"} 1',
      'latency_seconds_bucket{le="1",service="s"} 3',
      'latency_seconds_bucket{le="+Inf",service="s"} 4',
      'latency_seconds_sum{service="s"} 4.25',
      'latency_seconds_count{service="s"} 4',
    ]);
  });
});
