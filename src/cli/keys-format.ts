import type { ApiKeyView } from '../infrastructure/security/keys/api-key.record';

/** Columns of `keys list`: everything an operator needs to pick a key, never a secret or a hash. */
const COLUMNS = ['KEY ID', 'TENANT', 'NAME', 'ROLES', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED', 'STATUS'] as const;

/** Names longer than this are cut in the table (`--json` has them whole). */
const NAME_WIDTH = 24;

/** A time to the second in UTC (`2026-12-07T10:00:00Z`), or `fallback` for none. */
export function timeOf(ms: number | null, fallback = '-'): string {
  return ms === null ? fallback : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Text stored by whoever created a key, made safe for a terminal: control characters (which could move the
 * cursor or rewrite the screen) become `?`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** The keys as an aligned table, one line each, newest first as given. */
export function keyTable(keys: readonly ApiKeyView[]): string {
  if (keys.length === 0) return 'No keys.\n';
  const rows = keys.map((k) => [
    k.prefix,
    k.tenantId,
    cut(printable(k.name), NAME_WIDTH),
    k.roles.join(','),
    timeOf(k.createdAt),
    timeOf(k.expiresAt, 'never'),
    timeOf(k.lastUsedAt),
    timeOf(k.revokedAt),
    k.status,
  ]);
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}

/** What is stored of a key, in one sentence (for stderr beside the key on stdout). */
export function describeKey(k: ApiKeyView): string {
  const scopes = k.scopes.length ? k.scopes.join(', ') : 'none';
  const attributes = Object.entries(k.attributes)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `${name}=${String(v)}`);
  return (
    `${k.prefix} "${printable(k.name)}" of tenant "${k.tenantId}": roles ${k.roles.join(', ')}; scopes ${scopes}; ` +
    `${attributes.length ? `attributes ${attributes.join(', ')}; ` : ''}expires ${timeOf(k.expiresAt, 'never')}`
  );
}
