import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './audit-canonical';
import type { AuditCheckpoint } from './audit.types';

/** What a checkpoint's HMAC covers. */
export type CheckpointClaim = Pick<AuditCheckpoint, 'seq' | 'hash' | 'rowCount' | 'ts'>;

/**
 * The message a checkpoint's HMAC is computed over: the canonical JSON of
 * `["security_audit_checkpoint", 1, seq, hash, rowCount, ts]` (1 is the encoding version).
 */
export function checkpointMessage(c: CheckpointClaim): string {
  return canonicalJson(['security_audit_checkpoint', 1, c.seq, c.hash, c.rowCount, c.ts]);
}

/** A key's public fingerprint: the first 16 hex digits of SHA-256 over `security_audit_checkpoint_key:` + key. */
export function checkpointKeyId(key: string): string {
  return createHash('sha256').update(`security_audit_checkpoint_key:${key}`, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The checkpoint keys: the current one signs, the current and the previous ones verify (so that a key can be
 * rotated without older checkpoints failing). A key is used as the UTF-8 bytes of its text.
 */
export class CheckpointKeyring {
  private readonly keys = new Map<string, string>();
  /** The fingerprint new checkpoints are signed under. */
  readonly currentKeyId: string;

  constructor(current: string, previous: readonly string[] = []) {
    this.currentKeyId = checkpointKeyId(current);
    for (const key of [current, ...previous]) this.keys.set(checkpointKeyId(key), key);
  }

  /** The checkpoint `claim` signed with the current key. */
  sign(claim: CheckpointClaim): AuditCheckpoint {
    return { ...claim, keyId: this.currentKeyId, hmac: mac(this.keys.get(this.currentKeyId)!, claim) };
  }

  /** Whether the checkpoint was signed by a known key over exactly these values. */
  verify(checkpoint: AuditCheckpoint): boolean {
    const key = this.keys.get(checkpoint.keyId);
    if (key === undefined || !/^[0-9a-f]{64}$/.test(checkpoint.hmac)) return false;
    return timingSafeEqual(Buffer.from(mac(key, checkpoint), 'hex'), Buffer.from(checkpoint.hmac, 'hex'));
  }
}

function mac(key: string, claim: CheckpointClaim): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(checkpointMessage(claim), 'utf8').digest('hex');
}
