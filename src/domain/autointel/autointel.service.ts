import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { JOB_QUEUE, type Job, type JobQueue } from '../../core/ports/job-queue.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import type { Depth } from '../content';
import type { ProgressPort } from '../crew';
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
import { RunProgress } from './run-progress';

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

/** An SSE message: `progress` events, then one `done` with the finished run. */
export interface RunMessage {
  readonly type: 'progress' | 'done';
  readonly data: ProgressEvent | RunRecord;
}

/** What the modes' orchestrators return: a Markdown report, or the messages they showed. */
type RunOutput = { report?: string; messages?: readonly string[] };
const resultOf = (data: RunOutput) => ({ report: data.report ?? (data.messages ?? []).join('\n\n'), data });

/**
 * The main job: `/autointel` runs. A run is stored (`autointel_runs`), then executed as a job on the
 * `autointel.runs` queue — in-process, or BullMQ in Redis mode, so any instance may run it and it survives a
 * restart — through the facade, with the mode's orchestrator. Its progress messages are stored with it and
 * streamed to subscribers on every instance; finished runs are purged after `autointel.retentionMs`.
 *
 * A run keeps the request id of the request that started it, and its spans continue that request's W3C trace
 * (`traceparent`), or a new trace started for the run: both go with the job and are stored with the run.
 */
@Injectable()
export class AutointelService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Autointel');
  private readonly local = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly config: AppConfig,
    private readonly runs: AutointelRepository,
    private readonly facade: OrchestrationFacade,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AUTOINTEL_CHANNEL) private readonly channel: MessageChannel<RunSignal> | null,
    @Inject(EXTRA_PROGRESS) private readonly extras: ExtraProgressFactory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.channel?.subscribe((signal) => this.local.emit(signal.workflowId, signal));
    this.queue.process<{ workflowId: string; tenantId: string }>(RUNS_QUEUE, (job) => this.execute(job), {
      concurrency: this.config.autointel.concurrency,
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
    await this.channel?.close();
  }

  /**
   * Stores a queued run and its job; returns the record. `origin` is the context of the request that starts it: the
   * run keeps its request id, and its spans continue its W3C trace context (else a new trace begun here).
   */
  async start(request: StartRun, origin: OrchestrationContext): Promise<RunRecord> {
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
    return run;
  }

  get(tenantId: string, workflowId: string): Promise<RunRecord | undefined> {
    return this.runs.get(tenantId, workflowId);
  }

  list(tenantId: string, limit: number, status?: RunRecord['status']): Promise<RunRecord[]> {
    return this.runs.list(tenantId, limit, status);
  }

  /** The run once finished, or as it is after `timeoutMs`. */
  async waitFor(tenantId: string, workflowId: string, timeoutMs: number): Promise<RunRecord | undefined> {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const listener = (signal: RunSignal) => 'status' in signal && FINISHED.has(signal.status) && finish();
    this.local.on(workflowId, listener);
    const timer = setTimeout(finish, timeoutMs);
    try {
      const now = await this.runs.get(tenantId, workflowId);
      if (!now || FINISHED.has(now.status)) return now;
      await finished;
      return await this.runs.get(tenantId, workflowId);
    } finally {
      clearTimeout(timer);
      this.local.off(workflowId, listener);
    }
  }

  /** The run's progress: stored events first, then live ones, then `done` with the finished run. */
  messages(run: RunRecord): Observable<RunMessage> {
    return new Observable<RunMessage>((subscriber) => {
      let lastSeq = 0;
      let replayed = false;
      const pending: RunSignal[] = [];
      const progress = (event: ProgressEvent) => {
        if (event.seq <= lastSeq) return;
        lastSeq = event.seq;
        subscriber.next({ type: 'progress', data: event });
      };
      const done = async () => {
        const final = await this.runs.get(run.tenantId, run.workflowId);
        if (final) for (const e of final.events) progress(e);
        subscriber.next({ type: 'done', data: final ?? run });
        subscriber.complete();
      };
      const handle = (signal: RunSignal) => {
        if (!replayed) return void pending.push(signal);
        if ('event' in signal) progress(signal.event);
        else if (FINISHED.has(signal.status)) void done();
      };
      this.local.on(run.workflowId, handle);
      void (async () => {
        const current = (await this.runs.get(run.tenantId, run.workflowId)) ?? run;
        for (const e of current.events) progress(e);
        replayed = true;
        if (FINISHED.has(current.status)) return done();
        for (const s of pending.splice(0)) handle(s);
      })().catch((e: unknown) => subscriber.error(e));
      return () => this.local.off(run.workflowId, handle);
    });
  }

  private async enqueue(job: RunJob): Promise<void> {
    // A run interrupted by a shutdown is tried again (up to three starts); a run that fails on its own is not.
    await this.queue.add(RUNS_QUEUE, job, { jobId: job.workflowId, attempts: 3, backoff: { baseMs: 1000 } });
  }

  private async execute(job: Job<RunJob>): Promise<void> {
    const stored = await this.runs.get(job.data.tenantId, job.data.workflowId);
    if (!stored || FINISHED.has(stored.status)) return;
    let run: RunRecord = {
      ...stored,
      status: 'running',
      startedAt: this.clock.now(),
      attempts: stored.attempts + 1,
      events: [],
    };
    let writes = this.runs.update(run);
    await writes;
    this.signal({ workflowId: run.workflowId, status: 'running' });
    const record = (event: ProgressEvent) => {
      run = { ...run, events: [...run.events, event] };
      const snapshot = run;
      writes = writes.then(() => this.runs.update(snapshot));
      this.signal({ workflowId: run.workflowId, event });
      return writes;
    };
    const signal = AbortSignal.any([job.signal, AbortSignal.timeout(this.config.autointel.runTimeoutMs)]);
    const ctx = attemptContext(job.data, run, signal, this.ids);
    const fields = { workflow_id: run.workflowId, tenant_id: ctx.tenantId, request_id: ctx.requestId };
    this.logger.log({
      event: 'autointel_run_started',
      ...fields,
      trace_id: ctx.traceId,
      mode: run.mode,
      attempt: run.attempts,
    });
    const progress = new RunProgress(this.clock, record, this.extras(), this.logger, fields);
    // The facade's span for the run is a child of the span its job's trace context names.
    const result = await withinTrace(ctx, () =>
      this.facade.orchestrate<RunOutput>(ORCHESTRATOR_OF_MODE[run.mode], ctx, {
        url: run.url,
        depth: run.depth,
        progress,
        workflowId: run.workflowId,
      }),
    );
    await writes;
    if (job.signal.aborted) throw new Error(`run ${run.workflowId} interrupted by shutdown`); // the queue starts it again
    const finishedAt = this.clock.now();
    run =
      result.status === 'ok'
        ? { ...run, status: 'completed', finishedAt, result: resultOf(result.data) }
        : {
            ...run,
            status: 'failed',
            finishedAt,
            // A failed autonomous run still carries its partial result (stages run, tasks, messages).
            result: result.status === 'error' && result.data ? resultOf(result.data) : null,
            error:
              result.status === 'error'
                ? { message: result.error, category: result.category }
                : { message: result.reason, category: 'processing' },
          };
    await this.runs.update(run);
    const finished = { event: 'autointel_run_finished', ...fields, status: run.status, error: run.error?.message };
    if (run.status === 'failed') this.logger.warn(finished);
    else this.logger.log(finished);
    this.signal({ workflowId: run.workflowId, status: run.status });
  }

  /** Tells this instance's subscribers, or every instance's through the channel (which echoes to this one). */
  private signal(signal: RunSignal): void {
    if (!this.channel) {
      this.local.emit(signal.workflowId, signal);
      return;
    }
    this.channel.publish(signal).catch((e: Error) => {
      this.logger.warn({ event: 'autointel_signal_failed', workflow_id: signal.workflowId, error: e.message });
      this.local.emit(signal.workflowId, signal);
    });
  }
}
