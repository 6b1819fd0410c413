/** A JSON value as stored in `extra`: what {@link toJsonValue} makes of anything a caller passes. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An audit event as it is stored, before it gets its place in the chain: text fields cleaned and bounded, the
 * timestamp fixed at `record` time, `extra` reduced to plain JSON.
 */
export interface AuditEntry {
  /** ISO-8601 UTC with milliseconds, e.g. `2026-12-07T10:00:00.000Z`. */
  readonly ts: string;
  readonly tenantId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: string;
  readonly reason: string | null;
  readonly severity: string;
  readonly requestId: string | null;
  readonly extra: { readonly [key: string]: JsonValue };
}

/** A stored row of `security_audit`: the entry, its place (`seq`, from 1, no gaps) and its links in the chain. */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The end of the chain: the last appended row's seq and hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** A signed statement that the chain held `rowCount` rows up to `seq`, whose row had `hash`, at `ts`. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly rowCount: number;
  /** ISO-8601 UTC with milliseconds. */
  readonly ts: string;
  /** Which key signed it (a fingerprint of the key, never the key). */
  readonly keyId: string;
  /** HMAC-SHA256 in lowercase hex. */
  readonly hmac: string;
}

/** Filter of `AuditLogService.query`; every field narrows the result. */
export interface AuditQuery {
  /** Only this tenant's rows; `undefined` means every tenant (the caller decides who may ask for that). */
  readonly tenantId?: string;
  readonly action?: string;
  readonly decision?: string;
  /** Rows at or after this time, epoch ms. */
  readonly from?: number;
  /** Rows strictly before this time, epoch ms. */
  readonly to?: number;
  /** Page size: default 100, at most 1000 (larger values are cut to 1000). */
  readonly limit?: number;
  /** Rows with a seq below this one: the `nextCursor` of the previous page. */
  readonly cursor?: number;
}

/** A page of rows, newest first; `nextCursor` is set when more rows may follow. */
export interface AuditPage {
  readonly rows: readonly AuditRecord[];
  readonly nextCursor?: number;
}

/** No row was altered: every row's hash matches its content and links to the row before it. */
export interface IntegrityReport {
  readonly ok: boolean;
  readonly checkedRows: number;
  /** The lowest seq found altered. */
  readonly firstBadSeq?: number;
  /** `row_hash_mismatch`, `broken_link`, `bad_genesis` or `checkpoint_hash_mismatch`. */
  readonly reason?: string;
}

/** Seqs missing between stored rows, inclusive. */
export interface AuditGap {
  readonly fromSeq: number;
  readonly toSeq: number;
}

/** Rows are missing at the end: something proves the chain reached `expectedLastSeq`, the table ends earlier. */
export interface MissingTail {
  /** The table's highest seq (null when it is empty). */
  readonly lastSeq: number | null;
  readonly expectedLastSeq: number;
  /** What proves it: a valid checkpoint, the chain head row, or this process's own appends. */
  readonly evidence: readonly ('checkpoint' | 'head' | 'process')[];
}

/** No row was removed, the tail included. */
export interface CompletenessReport {
  readonly ok: boolean;
  /** The first 100 gaps, lowest first. */
  readonly gaps: readonly AuditGap[];
  /** Seqs missing in all gaps together. */
  readonly missingRows: number;
  readonly missingTail?: MissingTail;
  /** The seq covered by the latest checkpoint with a valid HMAC, null when there is none. */
  readonly lastCheckpointSeq: number | null;
  /** Rows after that checkpoint: what no checkpoint protects yet. */
  readonly rowsAfterLastCheckpoint: number;
  readonly reason?: string;
}

/** Every checkpoint carries a valid HMAC by a known key. */
export interface CheckpointsReport {
  readonly ok: boolean;
  readonly checked: number;
  /** The lowest seq of a checkpoint whose HMAC is wrong or whose key is unknown. */
  readonly badSeq?: number;
}

/** The result of `AuditLogService.verify`: three separate findings. */
export interface AuditVerifyReport {
  readonly integrity: IntegrityReport;
  readonly completeness: CompletenessReport;
  readonly checkpoints: CheckpointsReport;
  /** The highest seq the run looked at: rows appended while it ran are left to the next run. */
  readonly upToSeq: number;
}
