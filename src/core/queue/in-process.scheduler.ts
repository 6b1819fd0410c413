import type { BackgroundJobs } from '../jobs/background-jobs';
import type { Scheduler } from '../ports/scheduler.port';

/** {@link Scheduler} for one instance: each repeatable job is a kernel background job. */
export class InProcessScheduler implements Scheduler {
  constructor(private readonly jobs: BackgroundJobs) {}

  async every(name: string, everyMs: number, handler: (signal: AbortSignal) => Promise<unknown> | unknown): Promise<void> {
    this.jobs.register(`scheduler.${name}`, { everyMs }, handler);
  }

  cancel(name: string): Promise<boolean> {
    return this.jobs.stop(`scheduler.${name}`);
  }
}
