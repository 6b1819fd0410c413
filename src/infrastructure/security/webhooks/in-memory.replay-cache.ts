import type { Clock } from '../../../core/runtime/clock';
import type { ReplayCache } from './replay-cache';

/**
 * A {@link ReplayCache} in this process: a map of key → expiry (clock ms) holding at most `capacity` keys. Every
 * claim carries the same TTL in practice, so insertion order is expiry order: expired keys are dropped from the
 * front, and when the map is full the oldest key makes room (it could then be replayed: size the cache above the
 * deliveries expected within one TTL). One instance only; several instances share a Redis cache instead.
 */
export class InMemoryReplayCache implements ReplayCache {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    this.dropExpired(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Re-inserted at the end, keeping insertion order = expiry order.
    this.expiries.delete(key);
    this.expiries.set(key, now + ttlMs);
    if (this.expiries.size > this.capacity) this.expiries.delete(this.expiries.keys().next().value as string);
    return true;
  }

  /** Keys held now (expired ones are dropped on the next claim). */
  get size(): number {
    return this.expiries.size;
  }

  private dropExpired(now: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry > now) return;
      this.expiries.delete(key);
    }
  }
}
