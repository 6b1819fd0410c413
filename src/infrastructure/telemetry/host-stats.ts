import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem, type CpuInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HostStats {
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly diskPercent: number;
}

/** Where host numbers come from; injected so tests can give fixed ones or a failing source. */
export interface HostStatsSource {
  collect(): Promise<HostStats>;
}

/**
 * Host numbers from Node built-ins, never blocking the event loop: CPU % from two `os.cpus()` samples
 * `sampleMs` apart (awaited, not busy-waited), memory % = (total − available) / total with `MemAvailable` from
 * /proc/meminfo (free memory elsewhere, which overstates use), and disk % of the file system holding `path`
 * (used / (used + available to unprivileged users), the formula `df` and psutil use).
 */
export class NodeHostStats implements HostStatsSource {
  constructor(
    private readonly path: string,
    private readonly sampleMs = 1000,
  ) {}

  async collect(): Promise<HostStats> {
    const [cpuPercent, memoryPercent, diskPercent] = await Promise.all([this.cpu(), memory(), disk(this.path)]);
    return { cpuPercent, memoryPercent, diskPercent };
  }

  private async cpu(): Promise<number> {
    const before = cpus();
    await sleep(this.sampleMs);
    return cpuPercent(before, cpus());
  }
}

/** Busy share of the time between two `os.cpus()` samples, in percent. */
export function cpuPercent(before: readonly CpuInfo[], after: readonly CpuInfo[]): number {
  let busy = 0;
  let total = 0;
  after.forEach((cpu, i) => {
    const prev = before[i]?.times;
    if (!prev) return;
    const t = cpu.times;
    const idle = t.idle - prev.idle;
    const all = t.user - prev.user + (t.nice - prev.nice) + (t.sys - prev.sys) + (t.irq - prev.irq) + idle;
    busy += all - idle;
    total += all;
  });
  return total > 0 ? round((busy / total) * 100) : 0;
}

/** (total − available) / total in percent, from /proc/meminfo when it exists. */
export async function memory(meminfoPath = '/proc/meminfo'): Promise<number> {
  try {
    const text = await readFile(meminfoPath, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
    const total = kb('MemTotal');
    const available = kb('MemAvailable');
    if (total > 0 && available >= 0) return round(((total - available) / total) * 100);
  } catch {
    // Not Linux: fall through to Node's figures.
  }
  return round(((totalmem() - freemem()) / totalmem()) * 100);
}

/** Used share of the file system holding `path`, in percent. */
export async function disk(path: string): Promise<number> {
  const s = await statfs(path);
  const used = (s.blocks - s.bfree) * s.bsize;
  const availableToUsers = s.bavail * s.bsize;
  return used + availableToUsers > 0 ? round((used / (used + availableToUsers)) * 100) : 0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
