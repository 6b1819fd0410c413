/** A caller asked for a cost no bucket can ever hold (not a whole number ≥ 1, or above the capacity): a bug. */
export class RateLimitCostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitCostError';
  }

  static is(e: unknown): e is RateLimitCostError {
    return e instanceof RateLimitCostError;
  }
}
