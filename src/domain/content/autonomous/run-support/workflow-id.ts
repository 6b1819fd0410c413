const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned integer. Unlike Python's string hash it does not
 * change between processes, so ids built from it can be compared across restarts and machines.
 *
 * @example fnv1a32('') === 0x811c9dc5; fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The id of one `autonomous_intelligence` run (spec §2.3 step 1): `autointel_<epochSeconds>_<fnv1a32(url) mod 10000>`.
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
