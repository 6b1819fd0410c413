import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type FactoryProvider,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { hostname } from 'node:os';
import { AppConfig } from '../../core/config/app-config';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { JOB_QUEUE, type JobQueue } from '../../core/ports/job-queue.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { fail, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import type { SessionRecord } from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import { TaskExecutor, type AttemptSpec } from './task-executor';

export const TASKS_QUEUE = 'hierarchy.tasks';

/** What instances tell each other about attempts: one settled (re-read it), one to stop. */
export interface AttemptSignal {
  readonly kind: 'settled' | 'abort';
  readonly sessionId: string;
  readonly attemptId: string;
  readonly reason?: string;
}

/** The attempt signals between instances over Redis pub/sub; none in embedded mode. */
export const HIERARCHY_CHANNEL = Symbol('HIERARCHY_CHANNEL');
export const hierarchyChannelProvider: FactoryProvider = {
  provide: HIERARCHY_CHANNEL,
  useFactory: (redis: RedisConnection | null, config: AppConfig) =>
    redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'hierarchy:attempts') : null,
  inject: [REDIS_CONNECTION, AppConfig],
};

/** The job of one attempt on `hierarchy.tasks`. */
interface AttemptJob {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly taskId: string;
  readonly agentId: string;
  readonly attemptId: string;
  readonly timeoutMs: number;
}

/** The coordinator's part of an attempt handed to the queue. */
export type DispatchSpec = Omit<AttemptSpec, 'inputs'> & {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
};

const key = (sessionId: string, attemptId: string) => `${sessionId}/${attemptId}`;
const SESSION_CACHE = 64;

/**
 * Where an attempt runs. With one instance, here, at once. In Redis mode (`persistence.redisUrl`) each attempt is a
 * job of `hierarchy.tasks`, deduplicated by its attempt id, that any instance may take; the coordinator waits for
 * it to settle in the store (woken by a pub/sub signal, else by polling) and sends a stop signal when its own
 * timeout, the monitor or a cancellation stops the attempt.
 *
 * Either way an attempt is claimed in the store under its id before its handler runs: an attempt already settled
 * under that id is not run again (its stored result is the answer), so a task's side effect runs once per attempt
 * id even when a job is delivered twice or a session resumes. An attempt stopped by a shutdown is left unsettled,
 * to run again under the same id.
 */
@Injectable()
export class TaskDispatch implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('HierarchyTasks');
  /** This process, as attempts and sessions record who ran them: `<host>:<pid>`. */
  readonly workerId = `${hostname()}:${process.pid}`;
  /** Coordinators here waiting for attempts that run as jobs, by session/attempt. */
  private readonly waiting = new Map<string, () => void>();
  /** Attempts running here as jobs, by session/attempt: their stop switches. */
  private readonly running = new Map<string, AbortController>();
  private closing = false;
  /** Sessions' stored records by id: what a worker reads of them (plan, limits, principal) never changes. */
  private readonly sessions = new Map<string, SessionRecord>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: HierarchyRepository,
    private readonly executor: TaskExecutor,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(HIERARCHY_CHANNEL) private readonly channel: MessageChannel<AttemptSignal> | null,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Whether attempts run as queue jobs that other instances may take. */
  get distributed(): boolean {
    return this.channel !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.channel) return;
    await this.channel.subscribe((signal) => {
      const k = key(signal.sessionId, signal.attemptId);
      if (signal.kind === 'settled') this.waiting.get(k)?.();
      else this.running.get(k)?.abort(new Error(signal.reason ?? 'stopped'));
    });
    this.queue.process<AttemptJob>(TASKS_QUEUE, (job) => this.work(job.data, job.signal), {
      concurrency: this.config.hierarchy.workerConcurrency,
    });
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Closes the pub/sub subscription, which would otherwise keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }

  /** Runs one attempt (see the class) and answers its result. */
  async dispatch(spec: DispatchSpec): Promise<StepResult<unknown>> {
    return this.distributed ? this.remote(spec) : this.local(spec);
  }

  private async local(spec: DispatchSpec): Promise<StepResult<unknown>> {
    const { tenantId, sessionId } = spec.session;
    const claimed = await this.repository.claimAttempt(tenantId, sessionId, {
      attemptId: spec.attemptId,
      taskId: spec.task.id,
      agentId: spec.agentId,
      worker: this.workerId,
      startedAt: this.clock.now(),
    });
    if (claimed?.status === 'settled' && claimed.result) return claimed.result;
    const result = await this.executor.run(spec);
    if (!(this.closing && spec.signal.aborted))
      await this.repository.settleAttempt(tenantId, sessionId, spec.attemptId, result, this.clock.now());
    return result;
  }

  private async remote(spec: DispatchSpec): Promise<StepResult<unknown>> {
    const { tenantId, sessionId } = spec.session;
    const k = key(sessionId, spec.attemptId);
    const settled = new Promise<StepResult<unknown>>((resolve) => {
      const check = () =>
        void this.repository.attempt(tenantId, sessionId, spec.attemptId).then(
          (a) => {
            if (a?.status === 'settled' && a.result) done(a.result);
          },
          () => undefined,
        );
      const poll = setInterval(check, this.config.hierarchy.pollMs);
      const onAbort = () => {
        const reason = spec.signal.reason instanceof Error ? spec.signal.reason.message : String(spec.signal.reason);
        void this.channel!.publish({ kind: 'abort', sessionId, attemptId: spec.attemptId, reason }).catch(() => {});
        done(fail('processing', `stopped: ${reason}`));
      };
      const done = (result: StepResult<unknown>) => {
        clearInterval(poll);
        spec.signal.removeEventListener('abort', onAbort);
        this.waiting.delete(k);
        resolve(result);
      };
      this.waiting.set(k, check);
      spec.signal.addEventListener('abort', onAbort, { once: true });
    });
    const job: AttemptJob = {
      tenantId,
      sessionId,
      taskId: spec.task.id,
      agentId: spec.agentId,
      attemptId: spec.attemptId,
      timeoutMs: spec.timeoutMs,
    };
    await this.queue.add(TASKS_QUEUE, job, { jobId: `attempt:${k}`, attempts: 1 });
    return settled;
  }

  /** The stored session, read once per process (the most recent 64 kept). */
  private async session(tenantId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const cached = this.sessions.get(sessionId);
    if (cached?.tenantId === tenantId) return cached;
    const stored = await this.repository.session(tenantId, sessionId);
    if (!stored) return undefined;
    if (this.sessions.size >= SESSION_CACHE) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(sessionId, stored);
    return stored;
  }

  /** A job of `hierarchy.tasks`: claims the attempt, runs it under its timeout, settles it, tells the coordinator. */
  private async work(job: AttemptJob, closing: AbortSignal): Promise<void> {
    const { tenantId, sessionId, attemptId } = job;
    const session = await this.session(tenantId, sessionId);
    const task = session?.plan.tasks.find((t) => t.id === job.taskId);
    if (!session || !task) return;
    const claimed = await this.repository.claimAttempt(tenantId, sessionId, {
      attemptId,
      taskId: task.id,
      agentId: job.agentId,
      worker: this.workerId,
      startedAt: this.clock.now(),
    });
    const k = key(sessionId, attemptId);
    if (claimed?.status !== 'settled') {
      const stored = await this.repository.tasksById(tenantId, sessionId, task.dependencies);
      const inputs = Object.fromEntries(
        task.dependencies.map((d) => {
          const r = stored.find((t) => t.taskId === d)?.result;
          return [d, r && r.status === 'ok' ? r.data : null];
        }),
      );
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('timeout')), job.timeoutMs);
      const signal = AbortSignal.any([controller.signal, closing]);
      this.running.set(k, controller);
      try {
        const result = await this.executor.run({ session, task, agentId: job.agentId, attemptId, inputs, signal });
        // Stopped by this instance's shutdown: left unsettled, to run again under the same id.
        if (closing.aborted) return;
        await this.repository.settleAttempt(tenantId, sessionId, attemptId, result, this.clock.now());
      } finally {
        clearTimeout(timer);
        this.running.delete(k);
      }
    }
    await this.channel
      ?.publish({ kind: 'settled', sessionId, attemptId })
      .catch((e: unknown) =>
        this.logger.warn(`Could not signal attempt ${k}: ${e instanceof Error ? e.message : String(e)}`),
      );
  }
}
