import { createHash } from 'node:crypto';

/** A delegation the guard refused: the same hand-off seen too often. */
export interface DelegationLoop {
  readonly from: string;
  readonly to: string;
  readonly times: number;
}

/** A JSON text of `value` with object keys sorted, so equal inputs hash alike whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Counts the delegations of one session by (from, to, type, input hash). The `limit`-th sighting of the same one is
 * a loop: two agents handing the same work back and forth, or one re-calling another with the same input.
 */
export class DelegationGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Records a delegation; answers the loop when this one has now been seen `limit` times, else null. */
  record(from: string, to: string, type: string, input: unknown): DelegationLoop | null {
    const hash = createHash('sha256').update(canonical({ type, input })).digest('hex');
    const key = `${from}\u0000${to}\u0000${hash}`;
    const times = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, times);
    return times >= this.limit ? { from, to, times } : null;
  }
}
