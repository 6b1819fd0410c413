import { sql } from 'kysely';
import {
  auditEvent as event,
  auditHarness,
  resetAuditLog,
  tamper,
  type AuditHarness,
} from '../../../../test/fixtures/audit-log';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { chain } from './audit-chain';
import { AUDIT_MIGRATIONS } from './audit.migrations';
import { verifyAuditChain } from './audit-verifier';
import { CheckpointKeyring } from './checkpoint-keyring';

const CLEAN_CHECKPOINTS = { ok: true, checked: 1 };

describe(verifyAuditChain.name, () => {
  let database: OpenedDatabase;
  let h: AuditHarness;

  /** Records `n` events (seqs continue), stores them and optionally signs a checkpoint of the head. */
  async function append(n: number, checkpoint = false): Promise<void> {
    for (let i = 0; i < n; i++) h.sut.record(event(h.sut.lastAppendedSeq + h.sut.pending + 1));
    await h.sut.flush();
    if (checkpoint) await h.sut.checkpoint();
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, AUDIT_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);
  beforeEach(async () => {
    await resetAuditLog(database.db);
    h = auditHarness(database);
  });

  it('reports a clean log as intact and complete, with the checkpoints valid', async () => {
    await append(10, true);
    await append(2);
    expect(await h.sut.verify()).toEqual({
      integrity: { ok: true, checkedRows: 12 },
      completeness: { ok: true, gaps: [], missingRows: 0, lastCheckpointSeq: 10, rowsAfterLastCheckpoint: 2 },
      checkpoints: CLEAN_CHECKPOINTS,
      upToSeq: 12,
    });
  });

  it('reports an empty log as intact and complete', async () => {
    expect(await h.sut.verify()).toEqual({
      integrity: { ok: true, checkedRows: 0 },
      completeness: { ok: true, gaps: [], missingRows: 0, lastCheckpointSeq: null, rowsAfterLastCheckpoint: 0 },
      checkpoints: { ok: true, checked: 0 },
      upToSeq: 0,
    });
  });

  it('reports an altered row as an integrity failure at its seq, the log still complete', async () => {
    await append(10, true);
    await tamper(database.db, sql`update security_audit set reason = 'nothing happened' where seq = 4`);
    const report = await h.sut.verify();
    expect(report.integrity).toEqual({ ok: false, checkedRows: 10, firstBadSeq: 4, reason: 'row_hash_mismatch' });
    expect([report.completeness.ok, report.checkpoints.ok]).toEqual([true, true]);
  });

  it('reports a row re-hashed after an edit as a broken link at the next row', async () => {
    await append(10);
    const [row] = await h.repo.rowsAfter(3, 4, 1);
    const [forged] = chain({ seq: 3, hash: row.prevHash }, [{ ...row, reason: 'nothing happened' }]);
    await tamper(
      database.db,
      sql`update security_audit set reason = ${forged.reason}, hash = ${forged.hash} where seq = 4`,
    );
    expect((await h.sut.verify()).integrity).toEqual({
      ok: false,
      checkedRows: 10,
      firstBadSeq: 5,
      reason: 'broken_link',
    });
  });

  it('catches a consistently rewritten suffix through the checkpoint covering it', async () => {
    await append(10, true);
    const rows = await h.repo.rowsAfter(3, 10, 10);
    const rewritten = chain({ seq: 3, hash: rows[0].prevHash }, [{ ...rows[0], reason: 'nothing' }, ...rows.slice(1)]);
    for (const r of rewritten) {
      await tamper(
        database.db,
        sql`update security_audit set reason = ${r.reason}, prev_hash = ${r.prevHash}, hash = ${r.hash}
            where seq = ${r.seq}`,
      );
    }
    const report = await h.sut.verify();
    expect(report.integrity).toEqual({
      ok: false,
      checkedRows: 10,
      firstBadSeq: 10,
      reason: 'checkpoint_hash_mismatch',
    });
    expect(report.completeness).toMatchObject({
      ok: false,
      missingTail: { lastSeq: 10, expectedLastSeq: 10, evidence: ['checkpoint'] },
    });
  });

  it('reports a deleted middle row as a gap, and checks every remaining row', async () => {
    await append(10, true);
    await tamper(database.db, sql`delete from security_audit where seq = 5`);
    expect(await h.sut.verify()).toEqual({
      integrity: { ok: true, checkedRows: 9 },
      completeness: {
        ok: false,
        gaps: [{ fromSeq: 5, toSeq: 5 }],
        missingRows: 1,
        lastCheckpointSeq: 10,
        rowsAfterLastCheckpoint: 0,
        reason: 'gaps, fewer_rows_than_checkpointed',
      },
      checkpoints: CLEAN_CHECKPOINTS,
      upToSeq: 10,
    });
  });

  it('reports rows deleted at the end, through the last checkpointed one, as a missing tail', async () => {
    await append(10, true);
    await append(2);
    await tamper(database.db, sql`delete from security_audit where seq >= 8`);
    expect(await h.sut.verify()).toEqual({
      integrity: { ok: true, checkedRows: 7 },
      completeness: {
        ok: false,
        gaps: [],
        missingRows: 0,
        missingTail: { lastSeq: 7, expectedLastSeq: 12, evidence: ['checkpoint', 'head', 'process'] },
        lastCheckpointSeq: 10,
        rowsAfterLastCheckpoint: 0,
        reason: 'missing_tail, fewer_rows_than_checkpointed',
      },
      checkpoints: CLEAN_CHECKPOINTS,
      upToSeq: 12,
    });
  });

  it('still sees a cut tail from a fresh process when the head row was rolled back too', async () => {
    await append(10, true);
    const [row7] = await h.repo.rowsAfter(6, 7, 1);
    await tamper(database.db, sql`delete from security_audit where seq >= 8`);
    await sql`update security_audit_head set seq = 7, hash = ${row7.hash}`.execute(database.db);
    const fresh = auditHarness(database);
    expect((await fresh.sut.verify()).completeness.missingTail).toEqual({
      lastSeq: 7,
      expectedLastSeq: 10,
      evidence: ['checkpoint'],
    });
  });

  it('sees rows cut after the last checkpoint (head rolled back) only in the process that appended them', async () => {
    await append(10, true);
    await append(2);
    const [row10] = await h.repo.rowsAfter(9, 10, 1);
    await tamper(database.db, sql`delete from security_audit where seq >= 11`);
    await sql`update security_audit_head set seq = 10, hash = ${row10.hash}`.execute(database.db);
    expect((await h.sut.verify()).completeness.missingTail).toEqual({
      lastSeq: 10,
      expectedLastSeq: 12,
      evidence: ['process'],
    });
    // After a restart nothing remembers rows 11 and 12: this removal cannot be detected.
    expect((await auditHarness(database).sut.verify()).completeness.ok).toBe(true);
  });

  it('reports a forged checkpoint and does not trust it', async () => {
    await append(5, true);
    await append(3);
    const forger = new CheckpointKeyring('not-the-real-key-but-32-characters-long');
    const [row8] = await h.repo.rowsAfter(7, 8, 1);
    const forged = forger.sign({ seq: 8, hash: row8.hash, rowCount: 8, ts: '2026-12-07T10:00:00.000Z' });
    await h.repo.insertCheckpoint({ ...forged, keyId: h.keyring.currentKeyId });
    expect(await h.sut.verify()).toEqual({
      integrity: { ok: true, checkedRows: 8 },
      completeness: { ok: true, gaps: [], missingRows: 0, lastCheckpointSeq: 5, rowsAfterLastCheckpoint: 3 },
      checkpoints: { ok: false, checked: 2, badSeq: 8 },
      upToSeq: 8,
    });
  });

  it('reports a genuine checkpoint whose row count was edited as forged', async () => {
    await append(4, true);
    await tamper(database.db, sql`update security_audit_checkpoints set row_count = 3 where seq = 4`);
    expect((await h.sut.verify()).checkpoints).toEqual({ ok: false, checked: 1, badSeq: 4 });
  });

  it('reads rows in pages of verifyPageSize', async () => {
    await append(250);
    const rowsAfter = jest.spyOn(h.repo, 'rowsAfter');
    await h.sut.verify();
    expect(rowsAfter.mock.calls).toEqual([
      [0, 250, 100],
      [100, 250, 100],
      [200, 250, 100],
      [250, 250, 100],
    ]);
  });
});
