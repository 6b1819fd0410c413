import { SlidingWindow } from './sliding-window';

export interface HealthOptions {
  readonly windowSize: number;
  readonly minSuccessRate: number;
  readonly maxMeanLatencyMs: number;
  readonly routingEnabled: boolean;
  readonly minWeight: number;
  readonly maxWeight: number;
  readonly slowMs: number;
}

export interface HealthSnapshot {
  readonly healthy: boolean;
  readonly successRate: number;
  readonly avgLatencyMs: number;
  readonly samples: number;
  readonly routingWeight: number;
  readonly lastCheck?: number;
}

/**
 * One service's recent calls: success rate and mean latency over the same newest `windowSize` samples (so an old
 * good run cannot hide an outage, and a service recovers as soon as its recent calls do), the monitor's last
 * verdict, and the routing weight (×1.1 on a fast success up to `maxWeight`, ×0.9 otherwise down to `minWeight`).
 */
export class ServiceHealth {
  private readonly window: SlidingWindow;
  /** The monitor's last verdict (starts healthy). */
  healthy = true;
  lastCheck?: number;
  weight = 1;

  constructor(private readonly options: HealthOptions) {
    this.window = new SlidingWindow(options.windowSize);
  }

  record(ok: boolean, latencyMs: number): void {
    this.window.push(ok, 0, latencyMs);
    if (!this.options.routingEnabled) return;
    this.weight =
      ok && latencyMs < this.options.slowMs
        ? Math.min(this.weight * 1.1, this.options.maxWeight)
        : Math.max(this.weight * 0.9, this.options.minWeight);
  }

  /** Success rate (1 with no samples) and mean latency over the window. */
  stats(): { successRate: number; avgLatencyMs: number; samples: number } {
    const n = this.window.length;
    if (n === 0) return { successRate: 1, avgLatencyMs: 0, samples: 0 };
    return { successRate: (n - this.window.failures) / n, avgLatencyMs: this.window.latencySum / n, samples: n };
  }

  /** Success rate over the window (1 with no samples). */
  successRate(): number {
    const n = this.window.length;
    return n === 0 ? 1 : (n - this.window.failures) / n;
  }

  /** The verdict on the window now (what the monitor stores in `healthy`). */
  evaluate(): boolean {
    const { successRate, avgLatencyMs, samples } = this.stats();
    return (
      samples === 0 || (successRate >= this.options.minSuccessRate && avgLatencyMs <= this.options.maxMeanLatencyMs)
    );
  }

  snapshot(): HealthSnapshot {
    const { successRate, avgLatencyMs, samples } = this.stats();
    return {
      healthy: this.healthy,
      successRate,
      avgLatencyMs,
      samples,
      routingWeight: this.weight,
      lastCheck: this.lastCheck,
    };
  }
}
