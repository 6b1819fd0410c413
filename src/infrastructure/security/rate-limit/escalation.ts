/** One row of the escalation table: from this many violations on, a key is cooled down for `cooldownMs`. */
export interface EscalationStep {
  readonly violations: number;
  readonly cooldownMs: number;
}

/**
 * How repeated denials escalate. A violation (a denial because a bucket was empty) counts towards its scope and
 * key; the count starts again when the previous violation is more than `windowMs` old. Reaching a step's count
 * puts the key in cooldown for that step's time; during a cooldown every request on the key is denied.
 */
export interface EscalationPolicy {
  readonly windowMs: number;
  readonly steps: readonly EscalationStep[];
}

/** The violation history of one scope and key; 0 stands for "none". Mutated in place. */
export interface ViolationState {
  /** Violations counted in the current window. */
  v: number;
  /** When the last one happened (epoch ms). */
  vt: number;
  /** When the cooldown in force ends (epoch ms). */
  cd: number;
}

/** The cooldown for a count: the longest among the steps reached, 0 below the first. */
export function cooldownFor(violations: number, policy: EscalationPolicy): number {
  let ms = 0;
  for (const step of policy.steps) if (violations >= step.violations && step.cooldownMs > ms) ms = step.cooldownMs;
  return ms;
}

/**
 * Counts one violation at `now` and applies the cooldown it reaches, never shortening one in force. Returns whether
 * the key is now in cooldown.
 */
export function recordViolation(state: ViolationState, now: number, policy: EscalationPolicy): boolean {
  state.v = state.v === 0 || now - state.vt > policy.windowMs ? 1 : state.v + 1;
  state.vt = now;
  const ms = cooldownFor(state.v, policy);
  if (ms > 0 && now + ms > state.cd) state.cd = now + ms;
  return state.cd > now;
}

/** Whether the history no longer matters: the window has passed and no cooldown is in force. */
export function isSpent(state: ViolationState, now: number, policy: EscalationPolicy): boolean {
  return state.cd <= now && (state.v === 0 || now - state.vt > policy.windowMs);
}
