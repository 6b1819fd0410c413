/**
 * A small key-value store with expiry, scoped by tenant and namespace: decision logs, nonces, rate-limit
 * counters. Values are JSON. Expired entries read as absent.
 */
export interface KeyValueStore {
  get<T = unknown>(scope: KeyScope, key: string): Promise<T | undefined>;
  /** Stores `value`; `ttlMs` makes it expire (none: kept until deleted). */
  set(scope: KeyScope, key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores only when the key is absent or expired; true when it stored (use it for nonces and locks). */
  setIfAbsent(scope: KeyScope, key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Adds `by` (default 1) to a numeric value, creating it at 0; the expiry is set only on creation. */
  increment(scope: KeyScope, key: string, by?: number, ttlMs?: number): Promise<number>;
  delete(scope: KeyScope, key: string): Promise<boolean>;
  /** Removes expired entries; returns how many. */
  purgeExpired(): Promise<number>;
}

/** Every entry belongs to one tenant and one namespace (the owning feature). */
export interface KeyScope {
  readonly tenantId: string;
  readonly namespace: string;
}

export const KEY_VALUE_STORE = Symbol('KEY_VALUE_STORE');
