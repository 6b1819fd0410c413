import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../../core/ports/audit-log.port';
import { canonicalJson, storableText, toJsonValue } from './audit-canonical';
import type { AuditEntry, AuditRecord, JsonValue } from './audit.types';

/** The `prev_hash` of the first row: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the row encoding, the first element of {@link canonicalRow}; a new encoding gets a new number. */
export const ROW_ENCODING_VERSION = 1;

/** Text fields longer than this (in UTF-16 code units) are cut to it. */
export const MAX_TEXT_LENGTH = 4096;

/** An `extra` whose canonical JSON is longer than this is replaced by `{"truncated_extra_length": <length>}`. */
export const MAX_EXTRA_LENGTH = 16_384;

/**
 * The canonical encoding of a row: the canonical JSON (see `canonicalJson`) of the array
 * `[1, seq, ts, tenant_id, actor, action, resource, decision, reason, severity, request_id, extra]`, absent
 * optional fields as `null`, `ts` in ISO-8601 UTC with milliseconds (`2026-12-07T10:00:00.000Z`), `extra` an
 * object with its keys sorted by UTF-16 code units at every level. The leading `1` is the encoding version.
 *
 * @example
 * canonicalRow(1, entry) === '[1,1,"2026-12-07T10:00:00.000Z",null,"key_1","auth_failure","/v1/runs","deny",null,"medium",null,{}]'
 */
export function canonicalRow(seq: number, e: AuditEntry): string {
  return canonicalJson([
    ROW_ENCODING_VERSION,
    seq,
    e.ts,
    e.tenantId,
    e.actor,
    e.action,
    e.resource,
    e.decision,
    e.reason,
    e.severity,
    e.requestId,
    e.extra,
  ]);
}

/**
 * The hash of a row: lowercase hex SHA-256 of the UTF-8 bytes of `prevHash + "\n" + canonicalRow(seq, entry)`,
 * where `prevHash` is the previous row's hash ({@link GENESIS_HASH} for seq 1). Changing any field of a row
 * changes its hash; changing a hash breaks the next row's link.
 */
export function rowHash(prevHash: string, seq: number, entry: AuditEntry): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalRow(seq, entry)}`, 'utf8')
    .digest('hex');
}

/** Places `entries` after `head`: seqs from `head.seq + 1`, each row linked to the one before. */
export function chain(head: { seq: number; hash: string }, entries: readonly AuditEntry[]): AuditRecord[] {
  let { seq, hash } = head;
  return entries.map((entry) => {
    const prevHash = hash;
    seq += 1;
    hash = rowHash(prevHash, seq, entry);
    return { ...entry, seq, prevHash, hash };
  });
}

/** A caller's event as it will be stored, stamped with `nowMs` (see {@link AuditEntry}). */
export function toAuditEntry(event: AuditEvent, nowMs: number): AuditEntry {
  return {
    ts: new Date(nowMs).toISOString(),
    tenantId: optionalText(event.tenantId),
    actor: text(event.actor),
    action: text(event.action),
    resource: text(event.resource),
    decision: text(event.decision),
    reason: optionalText(event.reason),
    severity: text(event.severity),
    requestId: optionalText(event.requestId),
    extra: extraOf(event.extra),
  };
}

function text(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  return storableText(s.length > MAX_TEXT_LENGTH ? s.slice(0, MAX_TEXT_LENGTH) : s);
}

function optionalText(value: unknown): string | null {
  return value === undefined || value === null ? null : text(value);
}

function extraOf(extra: unknown): { [key: string]: JsonValue } {
  let json: JsonValue | undefined;
  try {
    json = toJsonValue(extra);
  } catch (e) {
    // A getter or toJSON that throws must not cost the event itself.
    return { unserialisable_extra: text((e as Error)?.message ?? e) };
  }
  if (json === null || json === undefined) return {};
  const object = typeof json === 'object' && !Array.isArray(json) ? json : { value: json };
  const length = canonicalJson(object).length;
  return length > MAX_EXTRA_LENGTH ? { truncated_extra_length: length } : object;
}
