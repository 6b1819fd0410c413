import { createHash } from 'node:crypto';
import { validateSignal, type Checked, type ValidSignal } from './signal-validation';
import { extractTrajectorySignals, type Evaluation, type TrajectoryInput } from './trajectory';

/** The id of a trajectory's `index`-th signal: `trj-` and a digest of the trajectory's key (any length or alphabet). */
export function trajectorySignalId(key: string, index: number): string {
  return `trj-${createHash('sha256').update(key).digest('hex').slice(0, 40)}-${index}`;
}

/** A trajectory's signals, each validated, ready to be accepted one by one; or why the trajectory is refused. */
export type TrajectorySubmission =
  | { readonly ok: true; readonly trajectoryId: string; readonly signals: Checked<ValidSignal>[] }
  | { readonly ok: false; readonly message: string };

/**
 * Fans a trajectory out into its signals and validates them all; a bad trajectory or signal refuses the whole. The
 * signals' ids derive from `idempotencyKey`, else from the trajectory's own id when it has one, so that the same
 * trajectory sent again is recognised signal by signal (also after a restart); without either they are new ids.
 */
export function trajectorySubmission(
  trajectory: TrajectoryInput,
  evaluation: Evaluation | undefined,
  idempotencyKey: string | undefined,
  newId: () => string,
): TrajectorySubmission {
  let generated = false;
  const extracted = extractTrajectorySignals(trajectory, evaluation, () => {
    generated = true;
    return newId();
  });
  if (!extracted.ok) return { ok: false, message: extracted.message };
  const base = idempotencyKey ?? (generated ? undefined : extracted.trajectoryId);
  const signals =
    base === undefined
      ? extracted.signals
      : extracted.signals.map((s, i) => ({ ...s, signalId: trajectorySignalId(base, i) }));
  const checked = signals.map((s, i) => validateSignal(s, `signals[${i}].`));
  const bad = checked.find((c) => !c.ok);
  if (bad && !bad.ok) return { ok: false, message: bad.message };
  return { ok: true, trajectoryId: extracted.trajectoryId, signals: checked };
}
