import type { TaskStatus } from './hierarchy.types';

export type RecoveryStrategy = 'full_restart' | 'selective_restart' | 'graceful_degradation';

/** A task as recovery changes it. */
export interface RecoverableTask {
  readonly id: string;
  readonly status: TaskStatus;
  readonly retryCount: number;
  readonly maxRetries: number;
  readonly agentId: string | null;
}

/**
 * The strategy for a failure by what it touched: a component named `critical…` (any case) → `full_restart`; one
 * naming an `agent` → `selective_restart`; anything else → `graceful_degradation`.
 */
export function recoveryStrategy(affected: readonly string[]): RecoveryStrategy {
  if (affected.some((c) => /critical/i.test(c))) return 'full_restart';
  if (affected.some((c) => /agent/i.test(c))) return 'selective_restart';
  return 'graceful_degradation';
}

/**
 * The tasks after a strategy: a full restart puts every task back to `pending`, unassigned; a selective restart
 * puts each failed task with retries left back to `pending` with one more retry counted — a task at `maxRetries`
 * stays failed; graceful degradation changes nothing.
 */
export function applyRecovery<T extends RecoverableTask>(strategy: RecoveryStrategy, tasks: readonly T[]): T[] {
  if (strategy === 'full_restart') return tasks.map((t) => ({ ...t, status: 'pending', agentId: null }));
  if (strategy === 'selective_restart')
    return tasks.map((t) =>
      t.status === 'failed' && t.retryCount < t.maxRetries
        ? { ...t, status: 'pending', retryCount: t.retryCount + 1, agentId: null }
        : t,
    );
  return [...tasks];
}
