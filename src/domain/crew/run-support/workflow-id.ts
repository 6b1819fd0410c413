import { fnv1a32 } from '../../../core/runtime/hash';

export { fnv1a32 };

/**
 * The id of one `autonomous_intelligence` run: `autointel_<epochSeconds>_<fnv1a32(url) mod 10000>`.
 * The seconds are the whole seconds of `epochMs` (floored), so every run of one url within the same second gets
 * the same id; callers that need uniqueness beyond that must add their own suffix.
 *
 * @param url the url exactly as requested (not normalised: `https://a/` and `https://a` differ).
 * @param epochMs milliseconds since the Unix epoch, normally `clock.now()`.
 * @example workflowId('https://www.youtube.com/watch?v=dQw4w9WgXcQ', 1_700_000_000_500) // 'autointel_1700000000_…'
 */
export function workflowId(url: string, epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`epochMs must be a finite number, got ${epochMs}`);
  const seconds = Math.floor(epochMs / 1000);
  return `autointel_${seconds}_${fnv1a32(url) % 10000}`;
}
