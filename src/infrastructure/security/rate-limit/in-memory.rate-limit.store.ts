import { type EscalationPolicy, isSpent, recordViolation, type ViolationState } from './escalation';
import type { BucketRef, RateLimitStore, TakeOutcome } from './rate-limit.store';
import { fits, nextTat, waitMs } from './token-bucket';

interface Entry extends ViolationState {
  /** When the bucket is full again (see token-bucket.ts). */
  tat: number;
}

const ALLOWED: TakeOutcome = Object.freeze({ allowed: true });

/**
 * {@link RateLimitStore} in this process: one small record per scope and key, in a map. Records that say nothing
 * any more (a full bucket, no cooldown, no violation in the window) are dropped by a sweep that runs at most once
 * per `sweepEveryMs`, during a `take`. Each instance has its own budgets; Redis shares them.
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  // Reused by take(), which never awaits: the records of the request's buckets.
  private readonly found: (Entry | undefined)[] = [];
  private nextSweepAt = 0;

  constructor(
    private readonly policy: EscalationPolicy,
    private readonly sweepEveryMs = 60_000,
  ) {}

  /** Records held, for tests and diagnostics. */
  get size(): number {
    return this.entries.size;
  }

  take(buckets: readonly BucketRef[], cost: number, now: number): TakeOutcome {
    if (now >= this.nextSweepAt) this.sweep(now);
    const found = this.found;
    found.length = buckets.length;
    let cooling = -1;
    let longest = 0;
    for (let i = 0; i < buckets.length; i++) {
      const entry = this.entries.get(buckets[i].id);
      found[i] = entry;
      if (entry !== undefined && entry.cd - now > longest) {
        longest = entry.cd - now;
        cooling = i;
      }
    }
    if (cooling >= 0) return { allowed: false, index: cooling, reason: 'cooldown', retryAfterMs: Math.ceil(longest) };
    for (let i = 0; i < buckets.length; i++) {
      const shape = buckets[i].shape;
      const next = nextTat(found[i]?.tat ?? 0, now, cost, shape);
      if (fits(next, now, shape)) continue;
      if (buckets[i].escalate) {
        const entry = found[i] ?? this.create(buckets[i].id);
        if (recordViolation(entry, now, this.policy)) {
          return { allowed: false, index: i, reason: 'cooldown', retryAfterMs: Math.ceil(entry.cd - now) };
        }
      }
      return { allowed: false, index: i, reason: 'rate_limited', retryAfterMs: waitMs(next, now, shape) };
    }
    for (let i = 0; i < buckets.length; i++) {
      const entry = found[i] ?? this.create(buckets[i].id);
      entry.tat = nextTat(entry.tat, now, cost, buckets[i].shape);
      if (entry.v !== 0 && isSpent(entry, now, this.policy)) entry.v = entry.vt = entry.cd = 0;
    }
    return ALLOWED;
  }

  async cooldown(bucket: Pick<BucketRef, 'id'>, untilMs: number, now: number): Promise<number> {
    if (now >= this.nextSweepAt) this.sweep(now);
    const entry = this.entries.get(bucket.id) ?? this.create(bucket.id);
    if (untilMs > entry.cd) entry.cd = untilMs;
    return entry.cd;
  }

  /** Drops the records that say nothing any more. */
  sweep(now: number): void {
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [id, entry] of this.entries) {
      if (entry.tat <= now && isSpent(entry, now, this.policy)) this.entries.delete(id);
    }
  }

  private create(id: string): Entry {
    const entry: Entry = { tat: 0, v: 0, vt: 0, cd: 0 };
    this.entries.set(id, entry);
    return entry;
  }
}
