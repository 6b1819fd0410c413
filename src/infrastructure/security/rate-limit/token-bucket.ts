/**
 * A token bucket: it holds at most `capacity` tokens and gains one every `intervalMs`; a request of `cost` tokens
 * passes only if that many are there, and a denied request takes nothing, so the refill keeps accruing.
 *
 * The state of a bucket is one number, `tat`: the moment it will be full again (the "theoretical arrival time" of
 * the generic cell rate algorithm, which is this bucket written another way). A bucket never seen, or whose `tat`
 * has passed, is full. With `base = max(tat, now)` the bucket holds `capacity − (base − now) / intervalMs` tokens;
 * taking `cost` moves `tat` to `base + cost · intervalMs`, which is allowed while that stays within
 * `capacity · intervalMs` of now.
 */
export interface BucketShape {
  readonly capacity: number;
  /** Milliseconds per token: 60000 / tokens per minute. */
  readonly intervalMs: number;
  /** `capacity · intervalMs`: how far ahead of now `tat` may run. */
  readonly toleranceMs: number;
}

/** The bucket of a rate per minute with a burst: capacity `burst`, `perMinute / 60` tokens per second. */
export function bucketShape(perMinute: number, burst: number): BucketShape {
  if (!(perMinute > 0) || !(burst >= 1)) {
    throw new RangeError(`A bucket needs perMinute > 0 and burst ≥ 1, got ${perMinute} and ${burst}`);
  }
  const intervalMs = 60_000 / perMinute;
  return { capacity: burst, intervalMs, toleranceMs: burst * intervalMs };
}

/** `tat` after taking `cost` tokens at `now` (allowed only if {@link fits}). */
export function nextTat(tat: number, now: number, cost: number, shape: BucketShape): number {
  return (tat > now ? tat : now) + cost * shape.intervalMs;
}

/** Whether a bucket whose `tat` would become `next` still holds the tokens taken. */
export function fits(next: number, now: number, shape: BucketShape): boolean {
  return next - now <= shape.toleranceMs;
}

/** Milliseconds until a request that did not fit would (whole, at least 1). */
export function waitMs(next: number, now: number, shape: BucketShape): number {
  return Math.max(1, Math.ceil(next - now - shape.toleranceMs));
}

/** Tokens in the bucket at `now`. */
export function tokensAt(tat: number, now: number, shape: BucketShape): number {
  return shape.capacity - Math.max(0, tat - now) / shape.intervalMs;
}
