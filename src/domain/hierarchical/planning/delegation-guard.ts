import { createHash } from 'node:crypto';

/** A JSON text of `value` with object keys sorted, so equal inputs read alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * What the runaway-delegation guard counts a delegation by: who hands it, to whom, and a hash of the task type and
 * input. Seeing the same key `hierarchy.delegationRepeatLimit` times in one session is a loop — two agents handing
 * the same work back and forth, or one re-calling another with the same input.
 *
 * @example delegationKey('w1', 'w2', 'pingpong', { b: 1, a: 2 }) === delegationKey('w1', 'w2', 'pingpong', { a: 2, b: 1 })
 */
export function delegationKey(from: string, to: string, type: string, input: unknown): string {
  const hash = createHash('sha256').update(canonicalJson({ type, input })).digest('hex');
  return JSON.stringify([from, to, hash]);
}
