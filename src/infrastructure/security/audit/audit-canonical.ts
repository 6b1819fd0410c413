import type { JsonValue } from './audit.types';

/** Nesting beyond this depth in `extra` is replaced by the string `[depth limit]`. */
export const MAX_JSON_DEPTH = 16;

// A NUL character (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its partner (it would come back
// from the database as U+FFFD and so change the row's hash).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with NUL characters and unpaired surrogates replaced by U+FFFD, so it is stored and read back unchanged. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * Canonical JSON: no whitespace, object keys sorted by UTF-16 code units (JavaScript's default sort) at every
 * level, array order kept, strings and numbers as `JSON.stringify` writes them (`-0` as `0`). Keys whose value
 * is `undefined` are left out; `undefined` in an array and non-finite numbers are written `null`, as in
 * `JSON.stringify`. Expects plain JSON values (see {@link toJsonValue}).
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'string':
      return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/**
 * Any value reduced to plain JSON that survives a round trip through the database unchanged: strings (and keys)
 * made storable, `toJSON` honoured (dates become ISO strings), bigints written as decimal strings, non-finite
 * numbers as null, functions, symbols and `undefined` object members dropped, cycles written `[circular]`,
 * nesting past {@link MAX_JSON_DEPTH} written `[depth limit]`. Objects are built with own data properties only,
 * so a `__proto__` key stays a key.
 */
export function toJsonValue(value: unknown, depth = 0, seen: Set<object> = new Set()): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return storableText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function')
    return toJsonValue((object as { toJSON: () => unknown }).toJSON(), depth, seen);
  if (seen.has(object)) return '[circular]';
  if (depth >= MAX_JSON_DEPTH) return '[depth limit]';
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((v) => toJsonValue(v, depth + 1, seen) ?? null);
    const entries: [string, JsonValue][] = [];
    for (const [k, v] of Object.entries(object)) {
      const json = toJsonValue(v, depth + 1, seen);
      if (json !== undefined) entries.push([storableText(k), json]);
    }
    return Object.fromEntries(entries);
  } finally {
    seen.delete(object);
  }
}
