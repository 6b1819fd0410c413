import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';

/** Hierarchical sessions' Prometheus metrics; labels are enumerations only (status, reason), never ids. */
@Injectable()
export class HierarchyMetrics {
  private readonly sessions: Counter<'status'>;
  private readonly tasks: Counter<'status'>;
  private readonly duration: Histogram<'status'>;
  private readonly stuck: Counter<'reason'>;
  private readonly stale: Counter;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.sessions = new Counter({
      name: registry.name('hierarchy_sessions_total'),
      help: 'Hierarchical sessions finished, by final status',
      labelNames: ['status'],
      registers,
    });
    this.tasks = new Counter({
      name: registry.name('hierarchy_tasks_total'),
      help: 'Hierarchical tasks settled, by status',
      labelNames: ['status'],
      registers,
    });
    this.duration = new Histogram({
      name: registry.name('hierarchy_task_duration_seconds'),
      help: 'Time from a task’s first attempt to its outcome',
      labelNames: ['status'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
      registers,
    });
    this.stuck = new Counter({
      name: registry.name('hierarchy_tasks_stuck_total'),
      help: 'Tasks found stuck: no progress, a stale agent, or a delegation loop',
      labelNames: ['reason'],
      registers,
    });
    this.stale = new Counter({
      name: registry.name('hierarchy_agents_stale_total'),
      help: 'Agents marked stale for want of heartbeats',
      registers,
    });
  }

  session(status: string): void {
    this.sessions.inc({ status });
  }

  task(status: string, seconds: number | null): void {
    this.tasks.inc({ status });
    if (seconds !== null) this.duration.observe({ status }, seconds);
  }

  stuckTask(reason: 'no_progress' | 'agent_stale' | 'delegation_loop'): void {
    this.stuck.inc({ reason });
  }

  staleAgent(): void {
    this.stale.inc();
  }
}
