import { checkpointKeyId } from '../../src/infrastructure/security/audit/checkpoint-keyring';
import type { AuditVerifyReport } from '../../src/infrastructure/security/audit/audit.types';
import { TEST_ADMIN_KEY, TEST_AUDIT_CHECKPOINT_KEY } from '../fixtures/test-keys';
import {
  auditRows,
  checkpointed,
  checkpointStats,
  countBy,
  idOf,
  metric,
  oneTo,
  originOf,
  sendAudited,
  tamper,
  verify,
  viewerKey,
  type AuditRow,
} from './audit-helpers';
import { configDir, createDatabase, eventually, query, requiredEnv, uniqueName } from './helpers';
import { Instance } from './instances';

/** No anomaly threat for the bursts (their audit rows would mix in); checkpoints every 200 ms, while appending. */
const CONFIG = 'threats:\n  requestsPerWindow: 1000000\naudit:\n  checkpointEveryMs: 200\n';
/** The same, and a buffer that holds events for 10 s (or 1000 of them): what a SIGTERM finds buffered. */
const SLOW_FLUSH = `${CONFIG}  flushDelayMs: 10000\n  batchSize: 1000\n`;
const PER_INSTANCE = 300;
const CONCURRENCY = 6;

/**
 * The audit log with several app instances (separate processes) appending to one PostgreSQL chain: every audited
 * request stored exactly once in one gapless, verifiable chain; tampering found from any instance; checkpoints
 * signed concurrently without conflict; a SIGTERM stores what the stopping instance had buffered; an instance
 * with another checkpoint key is noticed.
 */
describe('the audit log: instances appending to one PostgreSQL chain', () => {
  let url: string;
  let env: Record<string, string>;
  let a: Instance;
  let b: Instance;
  const others: Instance[] = [];
  let viewers: { a: { key: string; prefix: string }; b: { key: string; prefix: string } };
  let rows: AuditRow[];
  let total: number;

  /** An intact, complete report of `n` rows whose last checkpoint is at `n`. */
  const clean = (n: number, checkpoints: number): AuditVerifyReport => ({
    integrity: { ok: true, checkedRows: n },
    completeness: { ok: true, gaps: [], missingRows: 0, lastCheckpointSeq: n, rowsAfterLastCheckpoint: 0 },
    checkpoints: { ok: true, checked: checkpoints },
    upToSeq: n,
  });

  beforeAll(async () => {
    url = await createDatabase('audit');
    env = {
      DATABASE_URL: url,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('audit'),
      CONFIG_DIR: configDir(CONFIG),
    };
    [a, b] = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all([a, b, ...others].map((i) => i?.stop()));
  });

  it('stores every audited request of both instances exactly once, in one gapless chain', async () => {
    viewers = { a: await viewerKey(a, 'viewer-a'), b: await viewerKey(b, 'viewer-b') };
    const sent = await Promise.all([
      sendAudited(a, 'a', viewers.a.key, PER_INSTANCE, CONCURRENCY),
      sendAudited(b, 'b', viewers.b.key, PER_INSTANCE, CONCURRENCY),
    ]);
    const traffic = { a: sent[0], b: sent[1] };
    for (const t of sent)
      expect([t.created.length, t.denied.length, t.unanswered, t.unexpected]).toEqual([150, 150, [], []]);
    // The bootstrap key, the two viewer keys, and 300 requests on each instance.
    total = 3 + 2 * PER_INSTANCE;
    await eventually(async () => ((await auditRows(url)).length >= total ? true : undefined), 20_000, 'the rows');
    rows = await auditRows(url);
    expect(rows.map((r) => r.seq)).toEqual(oneTo(total));
    const admin = TEST_ADMIN_KEY.split('.')[0];
    expect(countBy(rows)).toEqual({
      'key_created bootstrap': 1,
      [`key_created ${admin}`]: 2 + 2 * 150,
      [`missing_permission ${viewers.a.prefix}`]: 150,
      [`missing_permission ${viewers.b.prefix}`]: 150,
    });
    const createdRows = rows.filter((r) => r.action === 'key_created' && r.actor === admin).map((r) => r.resource);
    const created = [viewers.a.prefix, viewers.b.prefix, ...traffic.a.created, ...traffic.b.created];
    expect(createdRows.sort()).toEqual(created.map((p) => `key:${p}`).sort());
    const deniedRows = rows.filter((r) => r.action === 'missing_permission').map((r) => r.request_id);
    expect(deniedRows.sort()).toEqual([...traffic.a.denied, ...traffic.b.denied].sort());
    // The two instances' batches alternate in the chain: appends were concurrent, not one after the other.
    const origins = rows.map(originOf).filter((o) => o !== 'setup');
    expect(origins.filter((o, i) => i > 0 && o !== origins[i - 1]).length).toBeGreaterThanOrEqual(2);
  });

  it('reports the chain intact and complete, with the exact row count, on both instances', async () => {
    const checkpoints = await checkpointed(url, total);
    expect(await verify(a)).toEqual(clean(total, checkpoints));
    expect(await verify(b)).toEqual(clean(total, checkpoints));
  });

  it('answers GET /security/audit from either instance with the same rows', async () => {
    const page = await b.request<{ data: { rows: { seq: number; hash: string }[]; nextCursor?: number } }>(
      'GET',
      '/security/audit?limit=1000',
    );
    expect(page.json.data.rows.map((r) => r.seq)).toEqual(oneTo(total).reverse());
    expect(page.json.data.nextCursor).toBeUndefined();
  });

  it('signs checkpoints concurrently on both instances with the shared key: one per seq, each true to the chain', async () => {
    const checkpoints = await query<{ seq: string; hash: string; row_count: string; key_id: string; row_hash: string }>(
      url,
      `select c.seq, c.hash, c.row_count, c.key_id, a.hash as row_hash
         from security_audit_checkpoints c join security_audit a using (seq) order by c.seq`,
    );
    expect(checkpoints.length).toBeGreaterThan(0);
    const keyId = checkpointKeyId(TEST_AUDIT_CHECKPOINT_KEY);
    expect(checkpoints.filter((c) => c.hash !== c.row_hash || c.row_count !== c.seq || c.key_id !== keyId)).toEqual([]);
    // Each stored checkpoint was counted by the one instance that stored it; the race losers count nothing.
    const written = (await metric(a, 'audit_checkpoints_total')) + (await metric(b, 'audit_checkpoints_total'));
    expect(written).toBe(checkpoints.length);
    for (const instance of [a, b]) {
      expect(await metric(instance, 'audit_write_failures_total')).toBe(0);
      expect(await metric(instance, 'audit_events_dropped_total')).toBe(0);
    }
  });

  it('reports a row altered in SQL as an integrity failure naming its seq, on both instances', async () => {
    const seq = Math.floor(total / 2);
    const actor = rows[seq - 1].actor;
    await tamper(url, `update security_audit set actor = 'someone_else' where seq = ${seq}`);
    for (const report of [await verify(a), await verify(b)]) {
      expect(report.integrity).toEqual({
        ok: false,
        checkedRows: total,
        firstBadSeq: seq,
        reason: 'row_hash_mismatch',
      });
      expect([report.completeness.ok, report.checkpoints.ok]).toEqual([true, true]);
    }
    await tamper(url, `update security_audit set actor = '${actor}' where seq = ${seq}`);
    expect((await verify(a)).integrity).toEqual({ ok: true, checkedRows: total });
  });

  it('reports a middle row deleted in SQL as a gap, on both instances', async () => {
    const seq = Math.floor(total / 3);
    await tamper(
      url,
      `create table audit_removed as select * from security_audit where seq = ${seq}`,
      `delete from security_audit where seq = ${seq}`,
    );
    const checkpoints = (await checkpointStats(url)).count;
    const expected: AuditVerifyReport = {
      integrity: { ok: true, checkedRows: total - 1 },
      completeness: {
        ok: false,
        gaps: [{ fromSeq: seq, toSeq: seq }],
        missingRows: 1,
        lastCheckpointSeq: total,
        rowsAfterLastCheckpoint: 0,
        reason: 'gaps, fewer_rows_than_checkpointed',
      },
      checkpoints: { ok: true, checked: checkpoints },
      upToSeq: total,
    };
    expect(await verify(a)).toEqual(expected);
    expect(await verify(b)).toEqual(expected);
    await tamper(url, 'insert into security_audit select * from audit_removed', 'drop table audit_removed');
    expect(await verify(b)).toEqual(clean(total, checkpoints));
  });

  it('reports tail rows deleted in SQL, head rolled back too, as a missing tail proven by the checkpoint', async () => {
    const kept = total - 5;
    await tamper(
      url,
      `create table audit_removed as select * from security_audit where seq > ${kept}`,
      `delete from security_audit where seq > ${kept}`,
      `update security_audit_head set seq = ${kept}, hash = (select hash from security_audit where seq = ${kept})`,
    );
    // A third instance appended nothing: the checkpoint alone proves the tail.
    const c = await Instance.start('c', env);
    others.push(c);
    const checkpoints = (await checkpointStats(url)).count;
    expect(await verify(c)).toEqual({
      integrity: { ok: true, checkedRows: kept },
      completeness: {
        ok: false,
        gaps: [],
        missingRows: 0,
        missingTail: { lastSeq: kept, expectedLastSeq: total, evidence: ['checkpoint'] },
        lastCheckpointSeq: total,
        rowsAfterLastCheckpoint: 0,
        reason: 'missing_tail, fewer_rows_than_checkpointed',
      },
      checkpoints: { ok: true, checked: checkpoints },
      upToSeq: total,
    });
    // The instances that appended also remember their own last seq, when it lies in the cut tail.
    for (const [instance, label] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const own = Math.max(...rows.filter((r) => originOf(r) === label).map((r) => r.seq));
      expect((await verify(instance)).completeness.missingTail).toEqual({
        lastSeq: kept,
        expectedLastSeq: total,
        evidence: own > kept ? ['checkpoint', 'process'] : ['checkpoint'],
      });
    }
    await tamper(
      url,
      'insert into security_audit select * from audit_removed',
      'drop table audit_removed',
      `update security_audit_head set seq = ${total}, hash = (select hash from security_audit where seq = ${total})`,
    );
    for (const instance of [a, b, c]) expect(await verify(instance)).toEqual(clean(total, checkpoints));
  });

  it('stores every event an instance had buffered when SIGTERM stops it while both instances append', async () => {
    const d = await Instance.start('d', { ...env, CONFIG_DIR: configDir(SLOW_FLUSH) });
    others.push(d);
    const first = await Promise.all([
      sendAudited(d, 'd', viewers.b.key, 60, 4),
      sendAudited(a, 'a2', viewers.a.key, 60, 4),
    ]);
    const buffered = await metric(d, 'audit_buffered_events');
    expect(buffered).toBeGreaterThan(0);
    // SIGTERM while both instances still take audited requests.
    const [late, other] = await Promise.all([
      sendAudited(d, 'd2', viewers.b.key, 40, 4),
      sendAudited(a, 'a3', viewers.a.key, 100, 4),
      d.stop(),
    ]);
    const sent = [...first, late, other];
    expect(sent.flatMap((t) => t.unexpected)).toEqual([]);
    expect([...first, other].flatMap((t) => t.unanswered)).toEqual([]);
    expect(d.log).not.toMatch(/audit_events_lost_at_shutdown|audit_shutdown_flush_incomplete|audit_write_failed/);
    const answered = sent.reduce((n, t) => n + t.created.length + t.denied.length, 0);
    const after = await eventually(
      async () => {
        const all = await auditRows(url);
        return all.length >= total + answered ? all : undefined;
      },
      20_000,
      'the rows of the shutdown phase',
    );
    expect(after.map((r) => r.seq)).toEqual(oneTo(after.length));
    // A request cut off by the shutdown may have been audited before its answer was lost: at most once.
    const cut = new Set(late.unanswered);
    const added = after.slice(total);
    const [maybe, surely] = [added.filter((r) => cut.has(idOf(r))), added.filter((r) => !cut.has(idOf(r)))];
    expect(new Set(maybe.map(idOf)).size).toBe(maybe.length);
    const keys = surely.filter((r) => r.action === 'key_created').map((r) => r.resource);
    const ids = surely.filter((r) => r.action === 'missing_permission').map((r) => r.request_id);
    expect(keys.sort()).toEqual(sent.flatMap((t) => t.created.map((p) => `key:${p}`)).sort());
    expect(ids.sort()).toEqual(sent.flatMap((t) => t.denied).sort());
    const checkpoints = await checkpointed(url, after.length);
    expect(await verify(a)).toEqual(clean(after.length, checkpoints));
  });

  it('shows a mismatched checkpoint key: an instance with another key trusts none of the stored checkpoints', async () => {
    const e = await Instance.start('e', { ...env, AUDIT_CHECKPOINT_KEY: 'another-checkpoint-key-'.padEnd(40, 'z') });
    others.push(e);
    const n = (await auditRows(url)).length;
    const [first] = await query<{ seq: string }>(url, 'select min(seq) as seq from security_audit_checkpoints');
    expect(await verify(e)).toEqual({
      integrity: { ok: true, checkedRows: n },
      completeness: { ok: true, gaps: [], missingRows: 0, lastCheckpointSeq: null, rowsAfterLastCheckpoint: n },
      checkpoints: { ok: false, checked: (await checkpointStats(url)).count, badSeq: Number(first.seq) },
      upToSeq: n,
    });
    await eventually(
      async () => (e.log.includes('"event":"audit_checkpoint_invalid"') ? true : undefined),
      10_000,
      'the checkpoint job of the mismatched instance to complain',
    );
    expect(await verify(a)).toEqual(clean(n, (await checkpointStats(url)).count));
  });
});
