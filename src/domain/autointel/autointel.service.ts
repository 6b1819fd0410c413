import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { JOB_QUEUE, type Job, type JobQueue } from '../../core/ports/job-queue.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { fail, ok, type StepError, type StepOk } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import type { Depth } from '../content';
import { RunAdmission, type ProgressPort, type RunInProcessOptions, type RunSlot } from '../crew';
import { AutointelRepository } from './autointel.repository';
import {
  FINISHED,
  ORCHESTRATOR_OF_MODE,
  type ProgressEvent,
  type RunJob,
  type RunMode,
  type RunRecord,
  type RunSignal,
} from './autointel.types';
import { attemptContext, runJob, runOrigin, withinTrace } from './run-correlation';
import { abandonedRun, finishedRun, type RunOutput } from './run-outcome';
import { RunProgress } from './run-progress';
import { RunSignals, type RunMessage } from './run-signals';

export const RUNS_QUEUE = 'autointel.runs';
/** The broadcast channel of run signals in Redis mode (`null` on one instance). */
export const AUTOINTEL_CHANNEL = Symbol('AUTOINTEL_CHANNEL');
/** Extra progress adapters for each run (e.g. a Discord webhook), made per run. */
export const EXTRA_PROGRESS = Symbol('EXTRA_PROGRESS');
export type ExtraProgressFactory = () => ProgressPort[];

export interface StartRun {
  readonly url: string;
  readonly depth: Depth;
  readonly mode: RunMode;
  readonly tenantId: string;
  readonly workspaceId: string;
}

/**
 * The main job: `/autointel` runs. A run is stored (`autointel_runs`), then executed as a job on the
 * `autointel.runs` queue — in-process, or BullMQ in Redis mode, so any instance may run it and it survives a
 * restart — through the facade, with the mode's orchestrator. Its progress messages are stored with it and
 * streamed to subscribers on every instance; finished runs are purged after `autointel.retentionMs`.
 *
 * A run keeps the request id of the request that started it, and its spans continue that request's W3C trace
 * (`traceparent`), or a new trace started for the run: both go with the job and are stored with the run.
 *
 * Bounds: no new run is accepted while `autointel.maxQueued` runs wait to start; a job waits for a slot of the
 * shared {@link RunAdmission} (`autointel.concurrency`, `autointel.maxRunningPerTenant`) before its run is marked
 * running, and runs under its deadline (`autointel.runTimeoutMs`); a run started `autointel.maxStarts` times
 * without finishing is failed instead of started again.
 */
@Injectable()
export class AutointelService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Autointel');
  private readonly signals: RunSignals;
  /** Admissions one after another, so that the count of waiting runs and the insert of a new one go together. */
  private admitting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly runs: AutointelRepository,
    private readonly facade: OrchestrationFacade,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AUTOINTEL_CHANNEL) channel: MessageChannel<RunSignal> | null,
    @Inject(EXTRA_PROGRESS) private readonly extras: ExtraProgressFactory,
    private readonly admission: RunAdmission,
  ) {
    this.signals = new RunSignals(runs, channel, this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.signals.subscribe();
    const { concurrency, maxQueued } = this.config.autointel;
    // A job waits for its run slot inside the handler. In this process every waiting run may hold a handler, so that
    // the run limiter alone picks which run goes next (a tenant at its cap never holds up another tenant); a BullMQ
    // worker takes no more than it may run, leaving the rest of the shared queue to other instances.
    this.queue.process<RunJob>(RUNS_QUEUE, (job) => this.execute(job), {
      concurrency: this.config.persistence.redisUrl ? concurrency : concurrency + maxQueued,
    });
    await this.scheduler.every('autointel.purge', 3_600_000, () =>
      this.runs.purge(this.clock.now() - this.config.autointel.retentionMs),
    );
    // In-process queues do not survive a restart: runs left unfinished are queued again (Redis keeps its jobs).
    if (!this.config.persistence.redisUrl) {
      for (const job of await this.runs.unfinished()) await this.enqueue(job);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.signals.close();
  }

  /**
   * Stores a queued run and its job; returns the record, or `unavailable` while `autointel.maxQueued` runs wait to
   * start. `origin` is the context of the request that starts it: the run keeps its request id, and its spans
   * continue its W3C trace context (else a new trace begun here).
   */
  start(request: StartRun, origin: OrchestrationContext): Promise<StepOk<RunRecord> | StepError> {
    const admitted = this.admitting.then(() => this.admit(request, origin));
    this.admitting = admitted.catch(() => undefined);
    return admitted;
  }

  private async admit(request: StartRun, origin: OrchestrationContext): Promise<StepOk<RunRecord> | StepError> {
    const { maxQueued } = this.config.autointel;
    const waiting = await this.runs.countQueued();
    if (waiting >= maxQueued)
      return fail(
        'unavailable',
        `the run queue is full: ${waiting} waiting to start, autointel.maxQueued is ${maxQueued}; try again later`,
      );
    const workflowId = this.ids.uuid();
    const from = runOrigin(
      origin,
      { workflowId, tenantId: request.tenantId },
      { queue: RUNS_QUEUE, tracing: this.config.telemetry.tracing },
    );
    const run: RunRecord = {
      workflowId,
      tenantId: request.tenantId,
      workspaceId: request.workspaceId,
      requestId: from.requestId,
      traceId: from.traceId,
      url: request.url,
      depth: request.depth,
      mode: request.mode,
      status: 'queued',
      createdAt: this.clock.now(),
      startedAt: null,
      finishedAt: null,
      attempts: 0,
      events: [],
      result: null,
      error: null,
    };
    await this.runs.insert(run, from.traceContext);
    await this.enqueue(runJob(run, from));
    return ok(run);
  }

  get(tenantId: string, workflowId: string): Promise<RunRecord | undefined> {
    return this.runs.get(tenantId, workflowId);
  }

  list(tenantId: string, limit: number, status?: RunRecord['status']): Promise<RunRecord[]> {
    return this.runs.list(tenantId, limit, status);
  }

  /** The run once finished, or as it is after `timeoutMs`. */
  waitFor(tenantId: string, workflowId: string, timeoutMs: number): Promise<RunRecord | undefined> {
    return this.signals.waitFor(tenantId, workflowId, timeoutMs);
  }

  /** The run's progress: stored events first, then live ones, then `done` with the finished run. */
  messages(run: RunRecord): Observable<RunMessage> {
    return this.signals.messages(run);
  }

  private async enqueue(job: RunJob): Promise<void> {
    // A delivery cut short by a shutdown is delivered again; the run itself is given up after autointel.maxStarts
    // starts (checked when the job runs), so the queue's own count only has to outlast it.
    const attempts = this.config.autointel.maxStarts + 1;
    await this.queue.add(RUNS_QUEUE, job, { jobId: job.workflowId, attempts, backoff: { baseMs: 1000 } });
  }

  private async execute(job: Job<RunJob>): Promise<void> {
    const queued = await this.runs.get(job.data.tenantId, job.data.workflowId);
    if (!queued || FINISHED.has(queued.status)) return;
    const { maxStarts } = this.config.autointel;
    if (queued.attempts >= maxStarts) return this.finish(abandonedRun(queued, maxStarts, this.clock.now()));
    // The run stays queued until it holds a slot; a shutdown meanwhile leaves it queued for the next delivery.
    const slot = await this.admission.limiter.acquire(queued.tenantId, job.signal);
    try {
      const stored = await this.runs.get(job.data.tenantId, job.data.workflowId);
      if (stored && !FINISHED.has(stored.status)) await this.attempt(job, stored, slot);
    } finally {
      slot.release();
    }
  }

  /** One start of a run, holding its slot: marked running, executed by its mode's orchestrator, stored finished. */
  private async attempt(job: Job<RunJob>, stored: RunRecord, slot: RunSlot): Promise<void> {
    let run: RunRecord = {
      ...stored,
      status: 'running',
      startedAt: this.clock.now(),
      attempts: stored.attempts + 1,
      events: [],
    };
    let writes = this.runs.update(run);
    await writes;
    this.signals.signal({ workflowId: run.workflowId, status: 'running' });
    const record = (event: ProgressEvent) => {
      run = { ...run, events: [...run.events, event] };
      const snapshot = run;
      writes = writes.then(() => this.runs.update(snapshot));
      this.signals.signal({ workflowId: run.workflowId, event });
      return writes;
    };
    // The run's deadline (autointel.runTimeoutMs) is the admission's, as for every run of these orchestrators.
    const ctx = attemptContext(job.data, run, job.signal, this.ids);
    const fields = { workflow_id: run.workflowId, tenant_id: ctx.tenantId, request_id: ctx.requestId };
    this.logger.log({
      event: 'autointel_run_started',
      ...fields,
      trace_id: ctx.traceId,
      mode: run.mode,
      attempt: run.attempts,
    });
    const progress = new RunProgress(this.clock, record, this.extras(), this.logger, fields);
    const inProcess: RunInProcessOptions = { progress, workflowId: run.workflowId, slot };
    // The facade's span for the run is a child of the span its job's trace context names.
    const result = await withinTrace(ctx, () =>
      this.facade.orchestrate<RunOutput>(
        ORCHESTRATOR_OF_MODE[run.mode],
        ctx,
        { url: run.url, depth: run.depth },
        inProcess,
      ),
    );
    await writes;
    if (job.signal.aborted) throw new Error(`run ${run.workflowId} interrupted by shutdown`); // the queue starts it again
    await this.finish(finishedRun(run, result, this.clock.now()), fields);
  }

  /** Stores a finished run, logs it and tells its subscribers. */
  private async finish(run: RunRecord, fields: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await this.runs.update(run);
    const line = {
      event: 'autointel_run_finished',
      workflow_id: run.workflowId,
      tenant_id: run.tenantId,
      ...fields,
      status: run.status,
      error: run.error?.message,
    };
    if (run.status === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    this.signals.signal({ workflowId: run.workflowId, status: run.status });
  }
}
