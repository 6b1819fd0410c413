import { mkdtempSync, writeFileSync } from 'node:fs';
import type { CpuInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuPercent, disk, memory, NodeHostStats } from './host-stats';

const cpu = (user: number, sys: number, idle: number): CpuInfo => ({
  model: 'x',
  speed: 1,
  times: { user, nice: 0, sys, idle, irq: 0 },
});

describe('host stats', () => {
  it('computes CPU % from two samples: busy delta over total delta across cores', () => {
    expect(cpuPercent([cpu(100, 50, 850), cpu(0, 0, 1000)], [cpu(150, 100, 1150), cpu(50, 50, 1300)])).toBe(25);
    expect(cpuPercent([cpu(1, 1, 1)], [cpu(1, 1, 1)])).toBe(0);
  });

  it('computes memory % from MemAvailable, not MemFree', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'meminfo-')), 'meminfo');
    writeFileSync(file, 'MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    9280000 kB\n');
    expect(await memory(file)).toBe(42);
  });

  it('reports a real disk % for the data directory and a real memory %', async () => {
    const d = await disk(tmpdir());
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThanOrEqual(100);
    const m = await memory();
    expect(m).toBeGreaterThan(0);
    expect(m).toBeLessThan(100);
  });

  it('samples CPU without blocking the event loop', async () => {
    jest.useFakeTimers();
    try {
      const sut = new NodeHostStats(tmpdir(), 1000);
      let settled = false;
      const pending = sut.collect().then((s) => ((settled = true), s));
      await jest.advanceTimersByTimeAsync(999);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const stats = await pending;
      expect(stats.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(stats.cpuPercent).toBeLessThanOrEqual(100);
    } finally {
      jest.useRealTimers();
    }
  });
});
