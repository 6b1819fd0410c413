import type { BackgroundJobs } from '../jobs/background-jobs';
import type { Scheduler } from '../ports/scheduler.port';

/** {@link Scheduler} for one instance: each repeatable job is a kernel background job. */
export class InProcessScheduler implements Scheduler {
  private readonly names = new Set<string>();

  constructor(private readonly jobs: BackgroundJobs) {}

  async every(name: string, everyMs: number, handler: (signal: AbortSignal) => unknown): Promise<void> {
    this.names.add(name);
    this.jobs.register(`scheduler.${name}`, { everyMs }, handler);
  }

  cancel(name: string): Promise<boolean> {
    this.names.delete(name);
    return this.jobs.stop(`scheduler.${name}`);
  }

  async close(): Promise<void> {
    await Promise.all([...this.names].map((name) => this.cancel(name)));
  }
}
