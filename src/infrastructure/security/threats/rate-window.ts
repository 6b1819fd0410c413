interface KeyState {
  /** Event times inside the window, oldest first; at most `limit + 1` kept. */
  readonly times: number[];
  /** Above the limit since the last event that was not. */
  alarmed: boolean;
  /** When the key was last moved to the end of the map (most recently seen). */
  movedAt: number;
}

const MOVE_EVERY_MS = 1000;

/**
 * Sliding-window event counts per key (a principal or an IP): `hit` reports when a key goes above `limit`
 * events in the last `windowMs`. Memory is bounded: a key keeps at most `limit + 1` times, and past `maxKeys`
 * keys the least recently seen one (to within a second) is forgotten.
 */
export class RateWindow {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  /**
   * Records one event of `key` at `now`. True for the event that takes the key above the limit, once: the next
   * report for the key needs its count to fall back to the limit or below first (one alarm per burst).
   */
  hit(key: string, now: number): boolean {
    const state = this.touch(key, now);
    state.times.push(now);
    this.slide(state, now);
    if (state.times.length > this.limit) state.times.splice(0, state.times.length - this.limit - 1);
    const above = state.times.length > this.limit;
    if (!above) {
      state.alarmed = false;
      return false;
    }
    if (state.alarmed) return false;
    state.alarmed = true;
    return true;
  }

  /** Events of `key` in the window ending at `now` (at most `limit + 1`). */
  count(key: string, now: number): number {
    const state = this.keys.get(key);
    if (!state) return 0;
    this.slide(state, now);
    return state.times.length;
  }

  /** Forgets keys with no event in the window ending at `now`; returns how many. */
  prune(now: number): number {
    let dropped = 0;
    for (const [key, state] of this.keys) {
      this.slide(state, now);
      if (state.times.length === 0) {
        this.keys.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Keys tracked. */
  get size(): number {
    return this.keys.size;
  }

  private touch(key: string, now: number): KeyState {
    let state = this.keys.get(key);
    if (state) {
      // Re-inserted at most once a second, so that the map's first key is the least recently seen to within a
      // second; moving it on every event cost a delete and an insert per request.
      if (now - state.movedAt < MOVE_EVERY_MS) return state;
      this.keys.delete(key);
      state.movedAt = now;
    } else {
      state = { times: [], alarmed: false, movedAt: now };
      if (this.keys.size >= this.maxKeys) this.keys.delete(this.keys.keys().next().value as string);
    }
    this.keys.set(key, state);
    return state;
  }

  private slide(state: KeyState, now: number): void {
    const oldest = now - this.windowMs;
    let stale = 0;
    while (stale < state.times.length && state.times[stale] <= oldest) stale++;
    if (stale > 0) state.times.splice(0, stale);
  }
}
