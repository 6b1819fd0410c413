import type { AddJobOptions, ProcessOptions } from '../ports/job-queue.port';

/** Highest priority value: BullMQ keeps priorities in 21 bits and reserves 0 for "none". */
export const MAX_PRIORITY = 2_097_150;
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60_000 } as const;

/** The options of one job after defaults and checks; the same rules on every adapter. */
export interface CheckedJobOptions {
  readonly attempts: number;
  readonly delayMs: number;
  readonly priority: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/** Queue names become Redis key parts: letters, digits, `.`, `_` and `-`, at most 64. */
export function assertQueueName(queue: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(queue))
    throw new Error(`queue name must be 1-64 letters, digits, ".", "_" or "-", got "${queue}"`);
}

export function checkAddOptions(queue: string, options: AddJobOptions): CheckedJobOptions {
  assertQueueName(queue);
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`attempts must be an integer ≥ 1, got ${attempts}`);
  const delayMs = options.delayMs ?? 0;
  if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new Error(`delayMs must be ≥ 0, got ${delayMs}`);
  const priority = options.priority ?? 0;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY)
    throw new Error(`priority must be an integer from 0 to ${MAX_PRIORITY}, got ${priority}`);
  const backoffBaseMs = options.backoff?.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const backoffMaxMs = options.backoff?.maxMs ?? Math.max(DEFAULT_BACKOFF.maxMs, backoffBaseMs);
  if (!(backoffBaseMs >= 0) || !(backoffMaxMs >= backoffBaseMs))
    throw new Error(`backoff must have 0 ≤ baseMs ≤ maxMs, got ${backoffBaseMs} and ${backoffMaxMs}`);
  if (options.jobId !== undefined && (options.jobId.length === 0 || options.jobId.length > 200))
    throw new Error('jobId must be 1-200 characters');
  return { attempts, delayMs, priority, backoffBaseMs, backoffMaxMs };
}

export function checkProcessOptions(
  queue: string,
  options: ProcessOptions,
): { concurrency: number; globalConcurrency?: number } {
  assertQueueName(queue);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  const global = options.globalConcurrency;
  if (global !== undefined && (!Number.isInteger(global) || global < 1))
    throw new Error(`globalConcurrency must be an integer ≥ 1, got ${global}`);
  const limit = options.rateLimit;
  if (limit && (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.durationMs > 0))) {
    throw new Error(`rateLimit must have an integer max ≥ 1 and durationMs > 0, got ${JSON.stringify(limit)}`);
  }
  return { concurrency, globalConcurrency: global };
}

/** `min(base · 2^(attempt-1), max)`: the wait after the `attempt`-th failure. */
export function backoffMs(baseMs: number, maxMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), maxMs);
}
