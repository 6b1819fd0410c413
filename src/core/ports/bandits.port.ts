/**
 * Contextual bandits as other layers use them (the application layer's `advanced_bandits` provides it). The
 * feedback hub's model sink calls `update` with reward × confidence and the signal's context vector.
 */
export interface BanditsPort {
  /**
   * Learns one reward in [0, 1] for the action named `action` of `domain` under the context vector `x` (padded
   * or truncated to the domain's dimension), for `tenantId` (default `default`). Rejects an unknown domain or
   * action, or a reward outside [0, 1]. With `idempotencyKey` (the caller's id of the input, e.g. `signal:<id>`) the
   * update is learnt once however often it is given, across restarts too (durable mode).
   */
  update(
    domain: string,
    action: string,
    x: readonly number[],
    reward: number,
    tenantId?: string,
    idempotencyKey?: string,
  ): Promise<void>;
}

export const BANDITS = Symbol('BANDITS');
