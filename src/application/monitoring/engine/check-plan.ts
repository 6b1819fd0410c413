import type { QuietHours } from '../monitoring.types';
import { afterQuietHours } from './quiet-hours';

/**
 * A source's schedule as a grid: slots at `anchor + k · interval`, each check at its slot plus the source's fixed
 * jitter. Pure functions, no clock of their own.
 */

/** The source's jitter in ms: a uniform draw in `[0, jitterSeconds]` (whole ms), made once per source. */
export function drawJitterMs(jitterSeconds: number, draw: () => number): number {
  return Math.floor(draw() * (jitterSeconds * 1000 + 1));
}

/**
 * The slot after `slot`: `slot + interval`, and further whole intervals while that slot's check time
 * (`slot + jitter`) is not after `now` — missed slots are skipped, never made up, and the grid never moves to
 * `now + interval` after a slow check (no drift).
 */
export function nextSlot(slot: number, intervalMs: number, jitterMs: number, now: number): number {
  const next = slot + intervalMs;
  if (next + jitterMs > now) return next;
  return next + (Math.floor((now - next - jitterMs) / intervalMs) + 1) * intervalMs;
}

/** What can hold a check back. */
export interface CheckGates {
  /** No check before this time (Retry-After or backoff). */
  readonly backoffUntil: number | null;
  readonly quietHours: QuietHours | null;
}

/** When the check of a slot runs: `at`, after any backoff, then moved out of the quiet window to its end. */
export function gatedTime(at: number, gates: CheckGates): number {
  const notBefore = gates.backoffUntil !== null && gates.backoffUntil > at ? gates.backoffUntil : at;
  return afterQuietHours(notBefore, gates.quietHours);
}

/** The interval checks use, in ms: the adapted one when `adaptive`, else the configured one. */
export function checkIntervalMs(
  source: { readonly intervalSeconds: number },
  state: { readonly currentIntervalSeconds: number },
  adaptive: boolean,
): number {
  return (adaptive ? state.currentIntervalSeconds : source.intervalSeconds) * 1000;
}
