import { anyParallelFlag, parallelConfig, type ParallelConfig } from './parallel-config';

const ROOMY = { cpus: 8, memoryGb: 16 };

describe(parallelConfig.name, () => {
  it('A5 applies the host adjustments and the analysis override', () => {
    expect(parallelConfig({ cpus: 1, memoryGb: 16 })).toEqual({
      config: {
        parallelAnalysis: false,
        parallelFactChecking: false,
        parallelMemoryOps: true,
        maxConcurrent: 1,
        threshold: 3,
        memoryEfficient: false,
        cpuEfficient: true,
      },
      warnings: [],
    });
    expect(parallelConfig({ cpus: 8, memoryGb: 3 })).toEqual({
      config: {
        parallelAnalysis: true,
        parallelFactChecking: true,
        parallelMemoryOps: false,
        maxConcurrent: 2,
        threshold: 3,
        memoryEfficient: true,
        cpuEfficient: false,
      },
      warnings: [],
    });
    expect(parallelConfig(ROOMY, { parallelAnalysis: 'false' })).toEqual({
      config: {
        parallelAnalysis: false,
        parallelFactChecking: true,
        parallelMemoryOps: true,
        maxConcurrent: 6,
        threshold: 3,
        memoryEfficient: false,
        cpuEfficient: false,
      },
      warnings: [],
    });
  });

  it('caps maxConcurrent at 6 and uses the CPU count below that', () => {
    expect(parallelConfig({ cpus: 32, memoryGb: 64 }).config.maxConcurrent).toBe(6);
    expect(parallelConfig({ cpus: 5, memoryGb: 64 }).config.maxConcurrent).toBe(5);
  });

  it('limits to 4 between 4 and 8 GB and turns memory ops off as memory-efficient', () => {
    const { config } = parallelConfig({ cpus: 8, memoryGb: 6 }, { maxConcurrentTasks: '10' });
    expect([config.maxConcurrent, config.parallelMemoryOps, config.memoryEfficient]).toEqual([4, false, true]);
  });

  it('limits to 2 below 4 CPUs (the CPU-efficient cap wins over the cap of 3)', () => {
    const { config } = parallelConfig({ cpus: 3, memoryGb: 16 });
    expect([config.maxConcurrent, config.cpuEfficient, config.parallelAnalysis]).toEqual([2, true, true]);
  });

  it('turns a flag on only for the text true, in any case', () => {
    const on = parallelConfig(ROOMY, {
      parallelAnalysis: 'TRUE',
      parallelFactChecking: 'True',
      parallelMemoryOps: 'true',
    }).config;
    const off = parallelConfig(ROOMY, {
      parallelAnalysis: 'yes',
      parallelFactChecking: '1',
      parallelMemoryOps: '',
    }).config;
    expect([on.parallelAnalysis, on.parallelFactChecking, on.parallelMemoryOps]).toEqual([true, true, true]);
    expect([off.parallelAnalysis, off.parallelFactChecking, off.parallelMemoryOps]).toEqual([false, false, false]);
  });

  it('applies integer overrides before the adjustments', () => {
    expect(parallelConfig(ROOMY, { maxConcurrentTasks: ' 3 ', parallelThreshold: '5' }).config).toMatchObject({
      maxConcurrent: 3,
      threshold: 5,
    });
    expect(parallelConfig({ cpus: 8, memoryGb: 2 }, { maxConcurrentTasks: '12' }).config.maxConcurrent).toBe(2);
  });

  it('ignores bad integers with one warning naming each setting', () => {
    const { config, warnings } = parallelConfig(ROOMY, { maxConcurrentTasks: 'many', parallelThreshold: '2.5' });
    expect([config.maxConcurrent, config.threshold]).toEqual([6, 3]);
    expect(warnings).toEqual([
      'maxConcurrentTasks (MAX_CONCURRENT_TASKS) ignored: "many" is not a positive integer',
      'parallelThreshold (PARALLEL_EXECUTION_THRESHOLD) ignored: "2.5" is not a positive integer',
    ]);
  });

  it('ignores zero and negative integers with a warning', () => {
    const { config, warnings } = parallelConfig(ROOMY, { maxConcurrentTasks: '0', parallelThreshold: '-1' });
    expect([config.maxConcurrent, config.threshold, warnings.length]).toEqual([6, 3, 2]);
  });

  it('lets explicit settings override the three flags last', () => {
    const { config } = parallelConfig(
      { cpus: 1, memoryGb: 2 },
      { parallelMemoryOps: 'true' },
      { analysis: true, factChecking: false, memoryOps: true },
    );
    expect(config).toMatchObject({
      parallelAnalysis: true,
      parallelFactChecking: false,
      parallelMemoryOps: true,
      maxConcurrent: 1,
    });
  });

  it('keeps the adjusted flag when an explicit setting is left undefined', () => {
    expect(parallelConfig({ cpus: 1, memoryGb: 16 }, {}, { memoryOps: false }).config).toMatchObject({
      parallelAnalysis: false,
      parallelMemoryOps: false,
    });
  });
});

describe(anyParallelFlag.name, () => {
  const base: ParallelConfig = parallelConfig(
    ROOMY,
    {},
    { analysis: false, factChecking: false, memoryOps: false },
  ).config;

  it('returns false when all three flags are off and true when any one is on', () => {
    expect([
      anyParallelFlag(base),
      anyParallelFlag({ ...base, parallelMemoryOps: true }),
      anyParallelFlag({ ...base, parallelFactChecking: true }),
    ]).toEqual([false, true, true]);
  });
});
