import type { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/runtime/clock';
import type { JobQueue } from '../../core/ports/job-queue.port';
import { COMPONENT_TYPES, type ComponentType, type FeedbackSignal } from '../../core/ports/feedback.port';
import { BoundedQueue } from '../../core/collections/bounded-queue';

/** What enqueueing a signal did. */
export interface Enqueued {
  readonly queued: boolean;
  /** The queue already held (or ran) a signal with this id. */
  readonly duplicate: boolean;
  /** In-process: the oldest signal, evicted to make room. */
  readonly dropped?: FeedbackSignal;
  /** Redis mode: the queue was full and the signal was refused. */
  readonly full: boolean;
  readonly size: number;
}

/** Hands one signal to its sink; never throws (failures are dead-lettered by the caller). */
export type Deliver = (signal: FeedbackSignal) => Promise<void>;

/** One FIFO per component type, in this process: drop-oldest, drained by the hub's drain job. */
export class InProcessQueues {
  readonly durable = false;
  private readonly queues: Record<ComponentType, BoundedQueue<FeedbackSignal>>;

  constructor(capacity: number) {
    this.queues = Object.fromEntries(
      COMPONENT_TYPES.map((t) => [t, new BoundedQueue<FeedbackSignal>(capacity)]),
    ) as typeof this.queues;
  }

  enqueue(signal: FeedbackSignal): Enqueued {
    const q = this.queues[signal.componentType];
    const dropped = q.push(signal);
    return { queued: true, duplicate: false, dropped, full: false, size: q.size };
  }

  size(type: ComponentType): number {
    return this.queues[type].size;
  }

  take(type: ComponentType, n: number): FeedbackSignal[] {
    return this.queues[type].popMany(n);
  }

  /** Every queued signal, oldest first per type, removing them (for the shutdown spool). */
  takeAll(): FeedbackSignal[] {
    return COMPONENT_TYPES.flatMap((t) => this.queues[t].popMany(this.queues[t].size));
  }

  peek(type: ComponentType): FeedbackSignal[] {
    return this.queues[type].toArray();
  }
}

/** Longest job id the job queue takes. */
const MAX_JOB_ID = 200;

/**
 * The job id of a signal in Redis mode: its tenant and signal id, so that a resubmitted id is deduplicated within
 * its tenant and never against another tenant's. `<tenant>/<signalId>` (a signal id has no `/`, so the pair reads
 * back one way only); when that is too long for a job id, `sha256:` and the digest of the same text.
 */
export function signalJobId(tenantId: string, signalId: string): string {
  const id = `${tenantId}/${signalId}`;
  return id.length <= MAX_JOB_ID ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * One job-queue queue per component type (`feedback.<type>`, BullMQ with the Redis backend), shared by every
 * tenant: the job id is the signal's tenant and id ({@link signalJobId}), so a resubmitted id is not queued twice,
 * several instances share the work, and an accepted signal survives a restart. BullMQ cannot drop its oldest job, so a full queue refuses the newest signal instead; the
 * depth is re-read at most once a second, so the bound is approximate by up to a second of submits.
 */
export class DurableQueues {
  readonly durable = true;
  private readonly depth = Object.fromEntries(
    COMPONENT_TYPES.map((t) => [t, { waiting: 0, readAt: -Infinity, reading: false }]),
  ) as Record<ComponentType, { waiting: number; readAt: number; reading: boolean }>;
  private readonly consuming = new Set<ComponentType>();

  constructor(
    private readonly queue: JobQueue,
    private readonly capacity: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  static queueName(type: ComponentType): string {
    return `feedback.${type}`;
  }

  async enqueue(signal: FeedbackSignal): Promise<Enqueued> {
    const d = this.depth[signal.componentType];
    this.refresh(signal.componentType);
    if (d.waiting >= this.capacity) return { queued: false, duplicate: false, full: true, size: d.waiting };
    const added = await this.queue.add(DurableQueues.queueName(signal.componentType), signal, {
      jobId: signalJobId(signal.tenantId, signal.signalId),
      attempts: 1,
    });
    if (!added.deduplicated) d.waiting++;
    return { queued: !added.deduplicated, duplicate: added.deduplicated, full: false, size: d.waiting };
  }

  size(type: ComponentType): number {
    this.refresh(type);
    return this.depth[type].waiting;
  }

  /** Starts the consumer of `type` (once); `concurrency` signals at a time. */
  consume(type: ComponentType, deliver: Deliver, concurrency: number): void {
    if (this.consuming.has(type)) return;
    this.consuming.add(type);
    this.queue.process<FeedbackSignal>(DurableQueues.queueName(type), (job) => deliver(job.data), { concurrency });
  }

  isConsuming(type: ComponentType): boolean {
    return this.consuming.has(type);
  }

  private refresh(type: ComponentType): void {
    const d = this.depth[type];
    const now = this.clock.monotonic();
    if (d.reading || now - d.readAt < 1000) return;
    d.reading = true;
    this.queue
      .counts(DurableQueues.queueName(type))
      .then((c) => {
        d.waiting = c.waiting + c.delayed;
        d.readAt = this.clock.monotonic();
      })
      .catch((e: unknown) => this.logger.warn({ event: 'feedback_depth_read_failed', component_type: type, err: e }))
      .finally(() => (d.reading = false));
  }
}
