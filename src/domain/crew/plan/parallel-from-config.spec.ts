import { testConfig } from '../../../../test/fixtures/test-config';
import { autointelParallelConfig } from './parallel-from-config';

describe(autointelParallelConfig.name, () => {
  const host = { cpus: 8, memoryGb: 16 };

  it('takes autointel.* as the overrides: on by default, off when set, the host adjustments after them', () => {
    const warn = jest.fn();
    expect(autointelParallelConfig(testConfig(), warn, host)).toMatchObject({
      parallelAnalysis: true,
      parallelFactChecking: true,
      parallelMemoryOps: true,
      maxConcurrent: 6,
      threshold: 3,
    });
    expect(
      autointelParallelConfig(
        testConfig({ autointel: { parallelAnalysis: false, maxConcurrentTasks: 3, parallelThreshold: 5 } }),
        warn,
        host,
      ),
    ).toMatchObject({ parallelAnalysis: false, maxConcurrent: 3, threshold: 5 });
    // One CPU turns parallel analysis off even when the config asks for it: host adjustments come last.
    expect(
      autointelParallelConfig(testConfig({ autointel: { parallelAnalysis: true } }), warn, { cpus: 1, memoryGb: 16 }),
    ).toMatchObject({ parallelAnalysis: false, maxConcurrent: 1 });
    expect(warn).not.toHaveBeenCalled();
  });
});
