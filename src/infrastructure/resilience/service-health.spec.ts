import { ServiceHealth, type HealthOptions } from './service-health';

const options: HealthOptions = {
  windowSize: 100,
  minSuccessRate: 0.7,
  maxMeanLatencyMs: 5000,
  routingEnabled: true,
  minWeight: 0.1,
  maxWeight: 2,
  slowMs: 5000,
};

describe(ServiceHealth.name, () => {
  let sut: ServiceHealth;
  beforeEach(() => (sut = new ServiceHealth(options)));

  it('raises the weight by 10 % per fast success up to 2.0: 8 successes reach the cap (A14.9)', () => {
    for (let i = 0; i < 7; i++) sut.record(true, 10);
    expect(sut.weight).toBeCloseTo(1.1 ** 7, 10);
    sut.record(true, 10);
    expect(sut.weight).toBe(2);
  });

  it('lowers it by 10 % per failure down to 0.1: 22 failures reach the floor (A14.9)', () => {
    for (let i = 0; i < 21; i++) sut.record(false, 10);
    expect(sut.weight).toBeCloseTo(0.9 ** 21, 10);
    sut.record(false, 10);
    expect(sut.weight).toBe(0.1);
  });

  it('lowers it on a slow success (A14.9)', () => {
    sut.record(true, 6000);
    expect(sut.weight).toBeCloseTo(0.9, 10);
  });

  it('computes success rate and latency over the same recent samples and recovers with them ([FIX] R10)', () => {
    for (let i = 0; i < 1000; i++) sut.record(true, 100);
    for (let i = 0; i < 40; i++) sut.record(false, 100);
    expect(sut.stats()).toEqual({ successRate: 0.6, avgLatencyMs: 100, samples: 100 });
    expect(sut.evaluate()).toBe(false);
    // The older successes leave the window first; after 70 more the 30 newest failures remain.
    for (let i = 0; i < 69; i++) sut.record(true, 100);
    expect(sut.evaluate()).toBe(false);
    sut.record(true, 100);
    expect(sut.stats().successRate).toBe(0.7);
    expect(sut.evaluate()).toBe(true);
  });

  it('is unhealthy when the mean latency of the window exceeds the limit', () => {
    sut.record(true, 4000);
    sut.record(true, 6200);
    expect(sut.evaluate()).toBe(false);
  });

  it('is healthy with no samples', () => {
    expect(sut.evaluate()).toBe(true);
    expect(sut.snapshot()).toEqual({
      healthy: true,
      successRate: 1,
      avgLatencyMs: 0,
      samples: 0,
      routingWeight: 1,
      lastCheck: undefined,
    });
  });
});
