const DONE = '🟢';
const TODO = '⚪';

/**
 * The text of one autonomous progress update:
 * `message`, a newline, `🟢`×current then `⚪`×max(0, total − current), then ` current/total (p%)` with
 * p = ⌊current / total · 100⌋.
 *
 * - `total ≤ 0` (or not finite) is treated as 1 everywhere, in the bar, the count and the percentage.
 * - `current` above `total` is shown as it is: more green dots than steps, no white ones, and p above 100.
 * - Counts are step numbers; fractions are floored and a negative `current` draws no green dots.
 *
 * @example formatProgress('Executing', 2, 5) === 'Executing\n🟢🟢⚪⚪⚪ 2/5 (40%)'
 */
export function formatProgress(message: string, current: number, total: number): string {
  const steps = Number.isFinite(total) && total > 0 ? Math.floor(total) || 1 : 1;
  const done = Number.isFinite(current) ? Math.floor(current) : 0;
  const percent = Math.floor((done / steps) * 100);
  const bar = DONE.repeat(Math.max(0, done)) + TODO.repeat(Math.max(0, steps - done));
  return `${message}\n${bar} ${done}/${steps} (${percent}%)`;
}
