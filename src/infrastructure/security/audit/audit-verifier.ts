import { GENESIS_HASH, rowHash } from './audit-chain';
import type { AuditCheckpoint, AuditGap, AuditRecord, AuditVerifyReport, ChainHead, MissingTail } from './audit.types';
import type { CheckpointKeyring } from './checkpoint-keyring';

/** Gaps listed in a report; `missingRows` still counts them all. */
export const MAX_REPORTED_GAPS = 100;

/** What the verifier reads: pages in seq order, never the whole table. */
export interface AuditVerifySource {
  head(): Promise<ChainHead>;
  maxSeq(): Promise<number | null>;
  latestCheckpoints(limit: number): Promise<AuditCheckpoint[]>;
  rowsAfter(afterSeq: number, upToSeq: number, limit: number): Promise<AuditRecord[]>;
  checkpointsAfter(afterSeq: number, upToSeq: number, limit: number): Promise<AuditCheckpoint[]>;
}

export interface AuditVerifyOptions {
  readonly keyring: CheckpointKeyring;
  readonly pageSize: number;
  /** The last seq this process appended (0 if none): the table must reach at least that far. */
  readonly knownLastSeq: number;
}

/**
 * Checks the whole chain in one pass over pages of rows merged with the checkpoints, up to the highest seq known
 * when it starts (rows appended meanwhile are left for the next run):
 * - integrity: each row's hash is recomputed; each row links to the row before it (seq 1 to the genesis hash);
 *   each row covered by a valid checkpoint still has the checkpoint's hash;
 * - completeness: seqs missing between rows are gaps; the chain must reach the latest valid checkpoint (with the
 *   same hash there), the head row and what this process appended, or a tail is missing; a valid checkpoint's
 *   row count must still be there;
 * - checkpoints: each one's HMAC is checked with the keyring; a checkpoint that fails is not trusted for the
 *   other two checks.
 */
export async function verifyAuditChain(source: AuditVerifySource, o: AuditVerifyOptions): Promise<AuditVerifyReport> {
  const [head, maxSeq, [latestCp]] = await Promise.all([source.head(), source.maxSeq(), source.latestCheckpoints(1)]);
  const upToSeq = Math.max(head.seq, maxSeq ?? 0, latestCp?.seq ?? 0, o.knownLastSeq);
  const scan = new ChainScan(o.keyring);
  const checkpoints = paged((after) => source.checkpointsAfter(after, upToSeq, o.pageSize));
  let next = await checkpoints.next();
  for await (const row of paged((after) => source.rowsAfter(after, upToSeq, o.pageSize))) {
    while (!next.done && next.value.seq < row.seq) {
      scan.checkpoint(next.value);
      next = await checkpoints.next();
    }
    scan.row(row);
  }
  for (; !next.done; next = await checkpoints.next()) scan.checkpoint(next.value);
  return scan.report(head.seq, o.knownLastSeq, upToSeq);
}

/** Pages of items with a `seq`, fetched after the last seq of the previous page until one comes back empty. */
async function* paged<T extends { seq: number }>(fetch: (afterSeq: number) => Promise<T[]>): AsyncGenerator<T> {
  let after = 0;
  for (;;) {
    const page = await fetch(after);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1].seq;
  }
}

/** The state of one verification pass; rows and checkpoints are fed in seq order. */
class ChainScan {
  private rows = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private bad: { seq: number; reason: string } | undefined;
  private readonly gaps: AuditGap[] = [];
  private missingRows = 0;
  private checkedCheckpoints = 0;
  private badCheckpointSeq: number | undefined;
  private latest: { cp: AuditCheckpoint; rowHash: string | undefined; rowsUpTo: number } | undefined;
  private shortCount = false;

  constructor(private readonly keyring: CheckpointKeyring) {}

  row(r: AuditRecord): void {
    if (r.seq > this.lastSeq + 1) {
      if (this.gaps.length < MAX_REPORTED_GAPS) this.gaps.push({ fromSeq: this.lastSeq + 1, toSeq: r.seq - 1 });
      this.missingRows += r.seq - this.lastSeq - 1;
    }
    if (rowHash(r.prevHash, r.seq, r) !== r.hash) this.markBad(r.seq, 'row_hash_mismatch');
    else if (r.seq === 1 && r.prevHash !== GENESIS_HASH) this.markBad(r.seq, 'bad_genesis');
    // Across a gap the previous row is gone: its link cannot be checked.
    else if (r.seq > 1 && r.seq === this.lastSeq + 1 && r.prevHash !== this.lastHash)
      this.markBad(r.seq, 'broken_link');
    this.rows++;
    this.lastSeq = r.seq;
    this.lastHash = r.hash;
  }

  /** A checkpoint, fed once every row with a seq up to its own has been. */
  checkpoint(cp: AuditCheckpoint): void {
    this.checkedCheckpoints++;
    if (!this.keyring.verify(cp)) {
      this.badCheckpointSeq ??= cp.seq;
      return;
    }
    const rowHash = this.lastSeq === cp.seq ? this.lastHash : undefined;
    if (rowHash !== undefined && rowHash !== cp.hash) this.markBad(cp.seq, 'checkpoint_hash_mismatch');
    if (this.rows < cp.rowCount) this.shortCount = true;
    this.latest = { cp, rowHash, rowsUpTo: this.rows };
  }

  report(headSeq: number, knownLastSeq: number, upToSeq: number): AuditVerifyReport {
    const missingTail = this.missingTail(headSeq, knownLastSeq);
    const reasons = [
      ...(this.gaps.length > 0 ? ['gaps'] : []),
      ...(missingTail ? ['missing_tail'] : []),
      ...(this.shortCount ? ['fewer_rows_than_checkpointed'] : []),
    ];
    return {
      integrity: {
        ok: this.bad === undefined,
        checkedRows: this.rows,
        ...(this.bad ? { firstBadSeq: this.bad.seq, reason: this.bad.reason } : {}),
      },
      completeness: {
        ok: reasons.length === 0,
        gaps: this.gaps,
        missingRows: this.missingRows,
        ...(missingTail ? { missingTail } : {}),
        lastCheckpointSeq: this.latest?.cp.seq ?? null,
        rowsAfterLastCheckpoint: this.rows - (this.latest?.rowsUpTo ?? 0),
        ...(reasons.length > 0 ? { reason: reasons.join(', ') } : {}),
      },
      checkpoints: {
        ok: this.badCheckpointSeq === undefined,
        checked: this.checkedCheckpoints,
        ...(this.badCheckpointSeq !== undefined ? { badSeq: this.badCheckpointSeq } : {}),
      },
      upToSeq,
    };
  }

  private missingTail(headSeq: number, knownLastSeq: number): MissingTail | undefined {
    const evidence: [MissingTail['evidence'][number], number][] = [];
    const cp = this.latest;
    // The checkpointed row is gone, or was replaced by another (the tail was cut and rewritten).
    if (cp && (cp.cp.seq > this.lastSeq || (cp.rowHash !== undefined && cp.rowHash !== cp.cp.hash)))
      evidence.push(['checkpoint', cp.cp.seq]);
    if (headSeq > this.lastSeq) evidence.push(['head', headSeq]);
    if (knownLastSeq > this.lastSeq) evidence.push(['process', knownLastSeq]);
    if (evidence.length === 0) return undefined;
    return {
      lastSeq: this.rows === 0 ? null : this.lastSeq,
      expectedLastSeq: Math.max(...evidence.map(([, seq]) => seq)),
      evidence: evidence.map(([source]) => source),
    };
  }

  private markBad(seq: number, reason: string): void {
    if (this.bad === undefined || seq < this.bad.seq) this.bad = { seq, reason };
  }
}
