import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { CLOCK, type Clock } from '../runtime/clock';

/** One tick of a job; `signal` aborts when the application shuts down. */
export type JobTick = (signal: AbortSignal) => unknown;

export interface JobOptions {
  /** Interval between tick starts, in ms (≥ 1). */
  readonly everyMs: number;
  /** Also run one tick right away. Default false. */
  readonly runImmediately?: boolean;
}

/** What `list()` reports of a job. */
export interface JobStatus {
  readonly name: string;
  readonly everyMs: number;
  readonly running: boolean;
  readonly runs: number;
  readonly failures: number;
  /** Ticks skipped because the previous one had not finished. */
  readonly overlapsSkipped: number;
  readonly lastStartedAt: number | null;
  readonly lastError: string | null;
}

interface Job {
  readonly name: string;
  readonly everyMs: number;
  readonly tick: JobTick;
  inFlight: Promise<void> | null;
  runs: number;
  failures: number;
  overlapsSkipped: number;
  lastStartedAt: number | null;
  lastError: string | null;
}

/**
 * Named interval jobs on top of `@nestjs/schedule`'s `SchedulerRegistry`. A job never overlaps itself (a tick
 * due while the previous one runs is skipped and counted), a failing tick is logged and the job lives on, and
 * every job stops in `beforeApplicationShutdown`: intervals are cleared, their signal aborted, and running
 * ticks are awaited for at most `kernel.shutdownTimeoutMs` (default 5 s).
 *
 * @example
 * onApplicationBootstrap() { this.jobs.register('feedback.drain', { everyMs: 1000 }, (signal) => this.drain(signal)); }
 */
@Injectable()
export class BackgroundJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger(BackgroundJobs.name);
  private readonly jobs = new Map<string, Job>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Starts a job; throws on a duplicate name, a bad interval, or after shutdown began. */
  register(name: string, options: JobOptions, tick: JobTick): void {
    if (this.stopped) throw new Error(`Cannot register job "${name}": the application is shutting down`);
    if (this.jobs.has(name)) throw new Error(`A job named "${name}" is already registered`);
    if (!Number.isInteger(options.everyMs) || options.everyMs < 1)
      throw new Error(`Job "${name}": everyMs must be an integer ≥ 1`);
    const job: Job = {
      name,
      everyMs: options.everyMs,
      tick,
      inFlight: null,
      runs: 0,
      failures: 0,
      overlapsSkipped: 0,
      lastStartedAt: null,
      lastError: null,
    };
    this.jobs.set(name, job);
    this.scheduler.addInterval(
      name,
      setInterval(() => void this.runTick(job), options.everyMs),
    );
    if (options.runImmediately) void this.runTick(job);
  }

  /** Stops one job (waiting for its running tick); false when no such job exists. */
  async stop(name: string): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) return false;
    this.clear(job);
    await job.inFlight;
    return true;
  }

  /** Runs one tick now, unless one is already running; resolves when it is done. */
  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job named "${name}"`);
    await this.runTick(job);
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => ({
      name: j.name,
      everyMs: j.everyMs,
      running: j.inFlight !== null,
      runs: j.runs,
      failures: j.failures,
      overlapsSkipped: j.overlapsSkipped,
      lastStartedAt: j.lastStartedAt,
      lastError: j.lastError,
    }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    const running = [...this.jobs.values()];
    for (const job of running) this.clear(job);
    const pending = running.map((j) => j.inFlight).filter((p): p is Promise<void> => p !== null);
    if (pending.length === 0) return;
    const timeoutMs = this.config.kernel.shutdownTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([Promise.all(pending).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn({
        event: 'jobs_shutdown_timeout',
        timeout_ms: timeoutMs,
        jobs: running.filter((j) => j.inFlight !== null).map((j) => j.name),
      });
    }
  }

  private clear(job: Job): void {
    if (this.jobs.get(job.name) !== job) return;
    this.jobs.delete(job.name);
    if (this.scheduler.doesExist('interval', job.name)) this.scheduler.deleteInterval(job.name);
  }

  private runTick(job: Job): Promise<void> {
    if (job.inFlight) {
      job.overlapsSkipped++;
      return job.inFlight;
    }
    if (this.stopped) return Promise.resolve();
    job.runs++;
    job.lastStartedAt = this.clock.now();
    // Cleared in a `.finally` so it runs after the assignment even when the tick fails synchronously.
    const run = this.execute(job).finally(() => {
      job.inFlight = null;
    });
    job.inFlight = run;
    return run;
  }

  private async execute(job: Job): Promise<void> {
    try {
      await job.tick(this.abort.signal);
    } catch (e) {
      job.failures++;
      job.lastError = e instanceof Error ? e.message : String(e);
      this.logger.error({ event: 'job_tick_failed', job: job.name, err: e });
    }
  }
}
