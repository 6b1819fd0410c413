/**
 * Repeatable jobs that run on exactly one instance per period. In-process mode runs them through the kernel's
 * `BackgroundJobs`; a distributed adapter uses its backend's scheduler.
 */
export interface Scheduler {
  /** Runs `handler` every `everyMs`; the name is unique. */
  every(name: string, everyMs: number, handler: (signal: AbortSignal) => unknown): Promise<void>;
  cancel(name: string): Promise<boolean>;
  /** Stops running repeatable jobs on this instance (they keep running on the others). */
  close(): Promise<void>;
}

export const SCHEDULER = Symbol('SCHEDULER');
