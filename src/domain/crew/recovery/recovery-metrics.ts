/** How stage runs that needed recovery ended, across a run. */
export interface RecoveryMetrics {
  /** Ended ok after at least one failure. */
  readonly successful: number;
  /** Ended in an error (aborted or out of retries). */
  readonly failed: number;
  /** Ended in graceful degradation. */
  readonly degraded: number;
  /** successful + failed + degraded. */
  readonly total: number;
  /** successful / max(total, 1). */
  readonly successRate: number;
  /** Thrown errors the error handler classified. */
  readonly errorHistoryCount: number;
}

/** How one stage execution ended; `clean` = first attempt succeeded, nothing to recover. */
export type RecoveryOutcome = 'clean' | 'recovered' | 'degraded' | 'failed';

/** Metrics before any stage ran: all zero. */
export function emptyRecoveryMetrics(): RecoveryMetrics {
  return { successful: 0, failed: 0, degraded: 0, total: 0, successRate: 0, errorHistoryCount: 0 };
}

/**
 * The metrics after one more stage execution. Clean executions are not recoveries and change nothing but the
 * error count (which is 0 for them); `successRate = successful / max(total, 1)`.
 */
export function recordRecovery(
  metrics: RecoveryMetrics,
  outcome: RecoveryOutcome,
  errorsHandled: number,
): RecoveryMetrics {
  const successful = metrics.successful + (outcome === 'recovered' ? 1 : 0);
  const failed = metrics.failed + (outcome === 'failed' ? 1 : 0);
  const degraded = metrics.degraded + (outcome === 'degraded' ? 1 : 0);
  const total = successful + failed + degraded;
  return {
    successful,
    failed,
    degraded,
    total,
    successRate: successful / Math.max(total, 1),
    errorHistoryCount: metrics.errorHistoryCount + errorsHandled,
  };
}
