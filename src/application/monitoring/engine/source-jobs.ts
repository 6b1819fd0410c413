/** Which source a distributed job checks. */
export interface SourceJobRef {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly sourceId: string;
}

/** What a distributed job runs on the instance that takes it. */
export interface SourceJobHandlers {
  check(ref: SourceJobRef, signal: AbortSignal): Promise<void>;
  drain(signal: AbortSignal): Promise<void>;
}

/**
 * Repeatable checks shared by every instance (Redis mode): one job scheduler per source, each period taken by
 * exactly one instance, so a source is never checked by two instances at once.
 */
export interface DistributedSourceJobs {
  /** Declares or updates the source's repeatable check: every `everyMs`, the first at `startAt` (epoch ms). */
  upsert(ref: SourceJobRef, everyMs: number, startAt: number): Promise<void>;
  remove(ref: Pick<SourceJobRef, 'tenantId' | 'sourceId'>): Promise<boolean>;
  /** Declares the repeatable drain of items waiting for a run. */
  drainEvery(everyMs: number): Promise<void>;
  /** Starts taking this instance's share of the jobs. */
  listen(handlers: SourceJobHandlers): void;
  /** Stops taking jobs on this instance (the schedulers stay for the others), waiting at most `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
  /** Closes everything at application shutdown. */
  dispose(timeoutMs: number): Promise<void>;
}

/** The job scheduler id of a source's checks. */
export function sourceJobId(ref: Pick<SourceJobRef, 'tenantId' | 'sourceId'>): string {
  return `monitor:${ref.tenantId}:${ref.sourceId}`;
}
