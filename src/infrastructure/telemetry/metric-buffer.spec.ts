import { MetricBuffer, type MetricPoint } from './metric-buffer';

const point = (name: string, at: number, extra: Partial<MetricPoint> = {}): MetricPoint => ({
  name,
  value: 1,
  type: 'gauge',
  scope: 'application',
  tags: {},
  at,
  ...extra,
});

describe(MetricBuffer.name, () => {
  it('keeps the newest 10 000 points: 10 001 recorded → 10 000 kept, usage 1.0 (B9.8)', () => {
    const sut = new MetricBuffer();
    for (let i = 0; i < 10_001; i++) sut.record(point(`m${i}`, i));
    expect(sut.length).toBe(10_000);
    expect(sut.usage).toBe(1);
    expect(sut.points()[0].name).toBe('m1');
    expect(sut.points(2).map((p) => p.name)).toEqual(['m9999', 'm10000']);
  });

  it('summarises the window by scope, type and at most 10 top names, ties in first-seen order (B3, B9.9)', () => {
    const sut = new MetricBuffer();
    sut.record(point('system.cpu.percent', 1000, { scope: 'system' }));
    sut.record(point('system.memory.percent', 1000, { scope: 'system' }));
    sut.record(point('jobs', 1000, { type: 'counter' }));
    for (let i = 0; i < 12; i++) sut.record(point(`n${i}`, 2000));
    sut.record(point('n3', 2000));
    sut.record(point('old', 0));
    const summary = sut.summary(60_000, 60_000);
    expect(summary.totalMetrics).toBe(16);
    expect(summary.scopes).toEqual({ system: 2, application: 14 });
    expect(summary.types).toEqual({ gauge: 15, counter: 1 });
    expect(Object.keys(summary.topMetrics)).toEqual([
      'n3',
      'system.cpu.percent',
      'system.memory.percent',
      'jobs',
      'n0',
      'n1',
      'n2',
      'n4',
      'n5',
      'n6',
    ]);
    expect(summary.topMetrics.n3).toBe(2);
    expect(sut.summary(60_000, 60_000, 'system').totalMetrics).toBe(2);
  });

  it('aggregates per name, scope and tags ([FIX] T8), and bounds the number of series', () => {
    const sut = new MetricBuffer(100, 2);
    sut.record(point('latency', 1, { value: 10, tags: { route: '/a' } }));
    sut.record(point('latency', 2, { value: 30, tags: { route: '/a' } }));
    sut.record(point('latency', 3, { value: 5, tags: { route: '/b' } }));
    sut.record(point('latency', 4, { value: 7, tags: { route: '/c' } }));
    expect(sut.series().map(({ tags, count, sum, min, max, last }) => ({ tags, count, sum, min, max, last }))).toEqual([
      { tags: { route: '/a' }, count: 2, sum: 40, min: 10, max: 30, last: 30 },
      { tags: { route: '/b' }, count: 1, sum: 5, min: 5, max: 5, last: 5 },
    ]);
    expect(sut.droppedSeries).toBe(1);
  });
});
