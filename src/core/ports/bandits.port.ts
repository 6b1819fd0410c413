/**
 * Contextual bandits as other layers use them (the application layer's `advanced_bandits` provides it). The
 * feedback hub's model sink calls `update` with reward × confidence and the signal's context vector.
 */
export interface BanditsPort {
  /** Learns one reward in [0, 1] for `action` of `domain` under the context vector `x`. */
  update(domain: string, action: string, x: readonly number[], reward: number): Promise<void>;
}

export const BANDITS = Symbol('BANDITS');
