import type { InspectedFields } from '../../../core/security/permissions';
import type { InspectedField } from '../threats/threat-patterns';

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** The keys of each dot path seen: paths come from route declarations, so there are few, and most requests ask. */
const KEYS = new Map<string, readonly string[]>();

function keysOf(path: string): readonly string[] {
  let keys = KEYS.get(path);
  if (keys === undefined) KEYS.set(path, (keys = path.split('.')));
  return keys;
}

/** The value at a dot path of `source` (own properties only), or `undefined`. */
export function valueAt(source: unknown, path: string): unknown {
  let v = source;
  for (const key of keysOf(path)) {
    if (!isContainer(v) || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Every key and string under `value`, at any depth, one per line, breadth first (numbers, booleans and nulls are
 * left out). A line break between them keeps the line-bound rules from joining two strings. Iterative, so that a
 * deeply nested body cannot overflow the stack.
 */
export function textOf(value: object): string {
  const lines: string[] = [];
  const queue: unknown[] = [value];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    if (typeof v === 'string') lines.push(v);
    // One at a time: spreading a long array into push() exceeds the argument limit.
    else if (Array.isArray(v)) for (const inner of v as unknown[]) queue.push(inner);
    else if (isContainer(v))
      for (const [k, inner] of Object.entries(v)) {
        lines.push(k);
        queue.push(inner);
      }
  }
  return lines.join('\n');
}

/**
 * The fields of one group found in `source` (a JSON body or a resolver's arguments), in the group's order: a
 * string as it is, an object or array as its {@link textOf}; a path that is absent or holds another value is left
 * out. Each field carries the group's skipped rules.
 */
export function selectFields(source: unknown, group: InspectedFields): InspectedField[] {
  const out: InspectedField[] = [];
  for (const field of group.fields) {
    const v = valueAt(source, field);
    const value = typeof v === 'string' ? v : isContainer(v) ? textOf(v) : undefined;
    if (value !== undefined) out.push(group.skip ? { field, value, skip: group.skip } : { field, value });
  }
  return out;
}
