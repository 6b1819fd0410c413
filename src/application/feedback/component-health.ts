import type { ComponentType } from '../../core/ports/feedback.port';
import { readHealthSnapshot, type ComponentHealthSnapshot } from './health-snapshot';
import { healthOf, RewardWindow, type HealthDetails } from './health-window';

// The score belongs to the component health API that the hub and its report import from here.
export { healthOf, type HealthDetails } from './health-window';

/** Rewards kept per component for its health score. */
export const HEALTH_WINDOW = 100;

/** `enabled` → `disabled` (signals refused, collected in a shadow window) → `enabled`, or `probation` after the TTL. */
export type ComponentState = 'enabled' | 'disabled' | 'probation';

export interface HealthPolicy {
  readonly disableBelow: number;
  readonly minSamplesToDisable: number;
  readonly reenableAbove: number;
  readonly reenableSamples: number;
  /** 0 = a disabled component waits for its shadow samples only. */
  readonly disableTtlMs: number;
}

export interface Transition {
  readonly key: string;
  readonly componentType: ComponentType;
  readonly componentId: string;
  readonly from: ComponentState;
  readonly to: ComponentState;
  readonly reason: string;
  readonly health: number;
  readonly samples: number;
}

interface Entry {
  readonly type: ComponentType;
  readonly id: string;
  window: RewardWindow;
  /** Rewards submitted while disabled; decides the re-enable. */
  shadow?: RewardWindow;
  state: ComponentState;
  since: number;
  /** Reward EMA (0.9 · old + 0.1 · r; the first reward as it is). */
  ema: number;
  /** A counter, not a time: which entry was touched least recently. */
  touched: number;
}

/** The key of a component in the disabled set and the reports: `type/id`, so ids never collide across types. */
export function componentKey(type: ComponentType, id: string): string {
  return `${type}/${id}`;
}

/**
 * Per-component health (the newest 100 rewards of each `type/id`), the reward EMA, and the auto-disable state
 * machine with hysteresis: disabled when health < `disableBelow` over ≥ `minSamplesToDisable` rewards; while
 * disabled, submitted rewards go to a shadow window and the component comes back when that window's health
 * exceeds `reenableAbove` over ≥ `reenableSamples` rewards, or on probation after `disableTtlMs` (a fresh window
 * that a new run of bad rewards disables again). At most `maxComponents` are tracked (least recently seen evicted).
 */
export class ComponentHealth {
  // Per type, then per id: no key string is built on the hot path.
  private readonly entries = new Map<ComponentType, Map<string, Entry>>();
  private count = 0;
  private tick = 0;

  constructor(
    private readonly policy: HealthPolicy,
    private readonly maxComponents = 10_000,
  ) {}

  /** The tracker a {@link ComponentHealthSnapshot} read back from JSON describes. */
  static restore(snapshot: unknown, policy: HealthPolicy, maxComponents?: number): ComponentHealth {
    const s = readHealthSnapshot(snapshot);
    const out = new ComponentHealth(policy, maxComponents);
    out.tick = s.tick;
    for (const { type, components } of s.types) {
      const byId = new Map<string, Entry>();
      out.entries.set(type, byId);
      for (const c of components) {
        const window = RewardWindow.of(c.window, HEALTH_WINDOW);
        const shadow = c.shadow && RewardWindow.of(c.shadow, HEALTH_WINDOW);
        byId.set(c.id, {
          type,
          id: c.id,
          window,
          shadow,
          state: c.state,
          since: c.since,
          ema: c.ema,
          touched: c.touched,
        });
        out.count++;
      }
    }
    return out;
  }

  /** The state of a component (enabled when unknown). */
  state(type: ComponentType, id: string): ComponentState {
    return this.entries.get(type)?.get(id)?.state ?? 'enabled';
  }

  /**
   * Records an accepted reward (or, for a disabled component, a shadow one). Returns a transition when the
   * shadow window re-enabled the component.
   */
  record(type: ComponentType, id: string, reward: number, now: number): Transition | undefined {
    let byId = this.entries.get(type);
    if (byId === undefined) this.entries.set(type, (byId = new Map<string, Entry>()));
    let e = byId.get(id);
    if (e === undefined) {
      if (this.count >= this.maxComponents) this.evict();
      e = {
        type,
        id,
        window: new RewardWindow(HEALTH_WINDOW),
        state: 'enabled',
        since: now,
        ema: reward,
        touched: ++this.tick,
      };
      byId.set(id, e);
      this.count++;
    } else {
      e.touched = ++this.tick;
      if (e.state === 'disabled') {
        const shadow = (e.shadow ??= new RewardWindow(HEALTH_WINDOW));
        shadow.push(reward);
        return this.tryReenable(e, now);
      }
      e.ema = 0.9 * e.ema + 0.1 * reward;
    }
    e.window.push(reward);
    return undefined;
  }

  /** The health check: applies disable, probation and re-enable rules to every component. */
  check(now: number): Transition[] {
    const out: Transition[] = [];
    for (const e of this.all()) {
      const t = this.evaluate(e, now);
      if (t) out.push(t);
    }
    return out;
  }

  /** Clears a component by hand: enabled, with an empty window. Undefined when it was not disabled or on probation. */
  clear(type: ComponentType, id: string, now: number): Transition | undefined {
    const e = this.entries.get(type)?.get(id);
    if (!e || e.state === 'enabled') return undefined;
    return this.move(e, 'enabled', 'cleared_by_operator', now, new RewardWindow(HEALTH_WINDOW));
  }

  details(type: ComponentType, id: string): HealthDetails | undefined {
    const e = this.entries.get(type)?.get(id);
    return e && healthOf(e.window.toArray());
  }

  ema(type: ComponentType, id: string): number | undefined {
    return this.entries.get(type)?.get(id)?.ema;
  }

  /** Components not enabled (`type/id`), with their state. */
  disabled(): { key: string; state: ComponentState; since: number }[] {
    return [...this.all()]
      .filter((e) => e.state !== 'enabled')
      .map((e) => ({ key: componentKey(e.type, e.id), state: e.state, since: e.since }));
  }

  report(): {
    key: string;
    type: ComponentType;
    id: string;
    state: ComponentState;
    ema: number;
    health: HealthDetails;
  }[] {
    return [...this.all()].map((e) => ({
      key: componentKey(e.type, e.id),
      type: e.type,
      id: e.id,
      state: e.state,
      ema: e.ema,
      health: healthOf(e.window.toArray()),
    }));
  }

  get size(): number {
    return this.count;
  }

  snapshot(): ComponentHealthSnapshot {
    return {
      tick: this.tick,
      types: Array.from(this.entries, ([type, byId]) => ({
        type,
        components: Array.from(byId.values(), (e) => ({
          id: e.id,
          state: e.state,
          since: e.since,
          ema: e.ema,
          touched: e.touched,
          window: e.window.toArray(),
          ...(e.shadow ? { shadow: e.shadow.toArray() } : {}),
        })),
      })),
    };
  }

  private *all(): IterableIterator<Entry> {
    for (const byId of this.entries.values()) yield* byId.values();
  }

  private evaluate(e: Entry, now: number): Transition | undefined {
    const p = this.policy;
    if (e.state === 'disabled') {
      const t = this.tryReenable(e, now);
      if (t) return t;
      if (p.disableTtlMs > 0 && now - e.since >= p.disableTtlMs)
        return this.move(e, 'probation', 'ttl_expired', now, new RewardWindow(HEALTH_WINDOW));
      return undefined;
    }
    const h = healthOf(e.window.toArray());
    if (h.sampleSize >= p.minSamplesToDisable && h.healthScore < p.disableBelow)
      return this.move(e, 'disabled', 'low_health', now, e.window, h);
    if (e.state === 'probation' && h.sampleSize >= p.reenableSamples && h.healthScore > p.reenableAbove)
      return this.move(e, 'enabled', 'probation_passed', now, e.window, h);
    return undefined;
  }

  private tryReenable(e: Entry, now: number): Transition | undefined {
    const shadow = e.shadow;
    if (!shadow || shadow.size < this.policy.reenableSamples) return undefined;
    const h = healthOf(shadow.toArray());
    if (h.healthScore <= this.policy.reenableAbove) return undefined;
    return this.move(e, 'enabled', 'shadow_recovered', now, shadow, h);
  }

  private move(
    e: Entry,
    to: ComponentState,
    reason: string,
    now: number,
    window: RewardWindow,
    h = healthOf(window.toArray()),
  ): Transition {
    const from = e.state;
    e.state = to;
    e.since = now;
    e.window = window;
    e.shadow = undefined;
    return {
      key: componentKey(e.type, e.id),
      componentType: e.type,
      componentId: e.id,
      from,
      to,
      reason,
      health: h.healthScore,
      samples: h.sampleSize,
    };
  }

  /**
   * Makes room: drops the least recently touched tenth of the enabled components at once (amortised, instead of a
   * scan per new component). Disabled ones are kept so a refusal is not forgotten.
   */
  private evict(): void {
    const enabled = [...this.all()].filter((e) => e.state === 'enabled').sort((a, b) => a.touched - b.touched);
    for (const e of enabled.slice(0, Math.max(1, Math.ceil(this.maxComponents / 10)))) {
      this.entries.get(e.type)?.delete(e.id);
      this.count--;
    }
  }
}
