import { COMPONENT_TYPES, type ComponentType } from '../../core/ports/feedback.port';
import type { ComponentState } from './component-health';
import { SnapshotFieldError } from './snapshot-field.error';
import { arrayAt, countAt, numberAt, numbersAt, objectAt, oneOfAt, snapshotAt, stringAt } from './snapshot-fields';

/** One component as JSON. */
export interface ComponentHealthEntrySnapshot {
  readonly id: string;
  readonly state: ComponentState;
  readonly since: number;
  readonly ema: number;
  /** The touch counter's value when the component was last touched (eviction drops the lowest). */
  readonly touched: number;
  /** Rewards oldest first. */
  readonly window: readonly number[];
  /** Shadow rewards oldest first; present once a disabled component has received one. */
  readonly shadow?: readonly number[];
}

/**
 * What {@link ComponentHealth} holds, as JSON. Types in the order they were first seen (one whose components were
 * all evicted keeps its place), each with its components in the order they were added: the order reports list.
 */
export interface ComponentHealthSnapshot {
  /** The touch counter. */
  readonly tick: number;
  readonly types: readonly {
    readonly type: ComponentType;
    readonly components: readonly ComponentHealthEntrySnapshot[];
  }[];
}

const STATES: readonly ComponentState[] = ['enabled', 'disabled', 'probation'];

/** Checks a {@link ComponentHealthSnapshot} read back from JSON: field types, no repeated type or id. */
export function readHealthSnapshot(snapshot: unknown): ComponentHealthSnapshot {
  const s = snapshotAt(snapshot);
  const tick = countAt(s.tick, 'tick');
  const types = new Set<ComponentType>();
  return {
    tick,
    types: arrayAt(s.types, 'types').map((t, i) => {
      const at = `types[${i}]`;
      const group = objectAt(t, at);
      const type = oneOfAt(group.type, COMPONENT_TYPES, `${at}.type`);
      if (types.has(type)) throw new SnapshotFieldError(`${at}.type`, `repeats the type ${type}`);
      types.add(type);
      const ids = new Set<string>();
      const components = arrayAt(group.components, `${at}.components`).map((c, j) => {
        const entry = readEntry(c, `${at}.components[${j}]`, tick);
        if (ids.has(entry.id)) throw new SnapshotFieldError(`${at}.components[${j}].id`, `repeats the id ${entry.id}`);
        ids.add(entry.id);
        return entry;
      });
      return { type, components };
    }),
  };
}

function readEntry(v: unknown, field: string, tick: number): ComponentHealthEntrySnapshot {
  const e = objectAt(v, field);
  const touched = countAt(e.touched, `${field}.touched`);
  if (touched > tick)
    throw new SnapshotFieldError(`${field}.touched`, `must be at most tick (${tick}), got ${touched}`);
  return {
    id: stringAt(e.id, `${field}.id`),
    state: oneOfAt(e.state, STATES, `${field}.state`),
    since: numberAt(e.since, `${field}.since`),
    ema: numberAt(e.ema, `${field}.ema`),
    touched,
    window: numbersAt(e.window, `${field}.window`),
    ...(e.shadow === undefined ? {} : { shadow: numbersAt(e.shadow, `${field}.shadow`) }),
  };
}
