import { Logger } from '@nestjs/common';
import {
  AUDIT_START,
  auditEvent as event,
  auditHarness,
  resetAuditLog,
  type AuditHarness,
} from '../../../../test/fixtures/audit-log';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { match } from '../../../../test/fixtures/matchers';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { AUDIT_CHECKPOINT_JOB, AuditLogService } from './audit-log.service';
import { GENESIS_HASH, rowHash } from './audit-chain';
import { AUDIT_MIGRATIONS } from './audit.migrations';
import { AuditRepository } from './audit.repository';
import type { AuditEntry } from './audit.types';

/** A repository whose first `failures` appends fail, as a database that is down for a while. */
class FlakyRepository extends AuditRepository {
  failures = 2;

  override async append(entries: readonly AuditEntry[]) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connection refused');
    }
    return super.append(entries);
  }
}

/** A repository that runs `during` once, as its next append starts (an event recorded while a batch is written). */
class DuringAppendRepository extends AuditRepository {
  during: (() => void) | undefined;

  override async append(entries: readonly AuditEntry[]) {
    const during = this.during;
    this.during = undefined;
    during?.();
    return super.append(entries);
  }
}

const seqs = (rows: readonly { seq: number }[]) => rows.map((r) => r.seq);

describe(AuditLogService.name, () => {
  let database: OpenedDatabase;
  let h: AuditHarness;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, AUDIT_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);
  beforeEach(async () => {
    await resetAuditLog(database.db);
    h = auditHarness(database);
  });
  afterEach(() => jest.restoreAllMocks());

  describe('record', () => {
    it('appends events in the order recorded, seq from 1, each row linked to the one before', async () => {
      h.sut.record(event(1));
      h.sut.record(event(2, { tenantId: undefined, reason: 'bad key', requestId: 'req-9', extra: { ip: '10.0.0.1' } }));
      h.sut.record(event(3));
      await h.sut.flush();
      const rows = await h.repo.rowsAfter(0, 100, 100);
      expect(rows.map((r) => [r.seq, r.resource, r.prevHash])).toEqual([
        [1, '/r/1', GENESIS_HASH],
        [2, '/r/2', rows[0].hash],
        [3, '/r/3', rows[1].hash],
      ]);
      const second: AuditEntry = {
        ts: '2026-12-07T10:00:00.000Z',
        tenantId: null,
        actor: 'key_1',
        action: 'auth_failure',
        resource: '/r/2',
        decision: 'deny',
        reason: 'bad key',
        severity: 'medium',
        requestId: 'req-9',
        extra: { ip: '10.0.0.1' },
      };
      expect(rows[1]).toEqual({ ...second, seq: 2, prevHash: rows[0].hash, hash: rowHash(rows[0].hash, 2, second) });
      expect(h.sut.lastAppendedSeq).toBe(3);
    });

    it('stores 500 concurrent records in order, in batches of batchSize, with a valid chain', async () => {
      const append = jest.spyOn(h.repo, 'append');
      await Promise.all(
        Array.from({ length: 500 }, async (_, i) => {
          await Promise.resolve();
          h.sut.record(event(i));
        }),
      );
      await h.sut.flush();
      expect(append.mock.calls.map(([batch]) => batch.length)).toEqual([100, 100, 100, 100, 100]);
      const rows = await h.repo.rowsAfter(0, 1000, 1000);
      expect(rows.map((r) => [r.seq, r.resource])).toEqual(Array.from({ length: 500 }, (_, i) => [i + 1, `/r/${i}`]));
      const report = await h.sut.verify();
      expect([report.integrity, report.completeness.ok]).toEqual([{ ok: true, checkedRows: 500 }, true]);
    });

    it('never throws while the database fails: the events are kept, retried in order and the error is logged', async () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const flaky = auditHarness(database, {}, new FlakyRepository(database));
      expect(() => {
        flaky.sut.record(event(1));
        flaky.sut.record(event(2));
      }).not.toThrow();
      await flaky.sut.flush();
      expect(seqs(await flaky.repo.rowsAfter(0, 100, 100))).toEqual([1, 2]);
      const logged = error.mock.calls.map(([m]) => m as { event: string; attempt: number; err: Error });
      expect(logged.map((m) => [m.event, m.attempt, m.err.message])).toEqual([
        ['audit_write_failed', 1, 'connection refused'],
        ['audit_write_failed', 2, 'connection refused'],
      ]);
      const failures = await flaky.registry.getSingleMetric('audit_write_failures_total')!.get();
      expect(failures.values[0].value).toBe(2);
    });

    it('refuses events beyond bufferCapacity while the database is down, and puts the count on record', async () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const repo = new FlakyRepository(database);
      repo.failures = 1_000;
      const down = auditHarness(database, { bufferCapacity: 10 }, repo);
      for (let i = 1; i <= 12; i++) down.sut.record(event(i));
      expect(down.sut.pending).toBe(10);
      repo.failures = 0;
      await down.sut.flush();
      down.sut.record(event(13));
      await down.sut.flush();
      const rows = await down.repo.rowsAfter(0, 100, 100);
      expect(rows.map((r) => r.resource)).toEqual([
        ...Array.from({ length: 10 }, (_, i) => `/r/${i + 1}`),
        'security_audit',
        '/r/13',
      ]);
      expect(rows[10]).toMatchObject({ action: 'audit_events_dropped', decision: 'alert', extra: { dropped: 2 } });
      const logged = error.mock.calls.map(([m]) => (m as { event: string }).event);
      expect(logged.filter((e) => e !== 'audit_write_failed')).toEqual(['audit_buffer_full', 'audit_events_dropped']);
      const dropped = await down.registry.getSingleMetric('audit_events_dropped_total')!.get();
      expect(dropped.values[0].value).toBe(2);
    });

    it('never throws when the event itself cannot be read, and logs it', () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const unreadable = {
        ...event(1),
        get actor(): string {
          throw new Error('getter failed');
        },
      };
      expect(() => h.sut.record(unreadable)).not.toThrow();
      expect(error).toHaveBeenCalledWith({ event: 'audit_record_failed', err: new Error('getter failed') });
      expect(h.sut.pending).toBe(0);
    });

    it('counts audit_events_total by action and decision', async () => {
      h.sut.record(event(1));
      h.sut.record(event(2));
      h.sut.record(event(3, { action: 'key_created', decision: 'allow' }));
      const metric = await h.registry.getSingleMetric('audit_events_total')!.get();
      expect(metric.values).toEqual([
        { labels: { action: 'auth_failure', decision: 'deny' }, value: 2 },
        { labels: { action: 'key_created', decision: 'allow' }, value: 1 },
      ]);
      await h.sut.flush();
    });
  });

  describe('checkpoint', () => {
    it('signs the head with the row count, and writes nothing when no row was added since', async () => {
      expect(await h.sut.checkpoint()).toBeUndefined();
      for (let i = 1; i <= 3; i++) h.sut.record(event(i));
      await h.sut.flush();
      const last = (await h.repo.rowsAfter(2, 3, 1))[0];
      const first = await h.sut.checkpoint();
      expect(first).toEqual({
        seq: 3,
        hash: last.hash,
        rowCount: 3,
        ts: '2026-12-07T10:00:00.000Z',
        keyId: h.keyring.currentKeyId,
        hmac: match.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(h.keyring.verify(first!)).toBe(true);
      expect(await h.sut.checkpoint()).toBeUndefined();
      h.sut.record(event(4));
      await h.sut.flush();
      h.clock.advance(1000);
      expect(await h.sut.checkpoint()).toMatchObject({ seq: 4, rowCount: 4, ts: '2026-12-07T10:00:01.000Z' });
      expect(seqs(await h.repo.latestCheckpoints(10))).toEqual([4, 3]);
    });

    it('runs every checkpointEveryMs as a background job from bootstrap until shutdown', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        h.sut.onApplicationBootstrap();
        expect(h.jobs.list().map((j) => [j.name, j.everyMs])).toEqual([[AUDIT_CHECKPOINT_JOB, 60_000]]);
        h.sut.record(event(1));
        await h.sut.flush();
        await jest.advanceTimersByTimeAsync(59_999);
        expect(await h.repo.latestCheckpoints(10)).toEqual([]);
        await jest.advanceTimersByTimeAsync(1);
        // A call queues behind the running job tick, so it finds the head signed already.
        expect(await h.sut.checkpoint()).toBeUndefined();
        expect(seqs(await h.repo.latestCheckpoints(10))).toEqual([1]);
        h.sut.record(event(2));
        await h.sut.flush();
        await jest.advanceTimersByTimeAsync(60_000);
        expect(await h.sut.checkpoint()).toBeUndefined();
        expect(seqs(await h.repo.latestCheckpoints(10))).toEqual([2, 1]);
        await h.sut.beforeApplicationShutdown();
        expect(h.jobs.list()).toEqual([]);
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('query', () => {
    beforeEach(async () => {
      h.sut.record(event(1));
      h.clock.advance(1000);
      h.sut.record(event(2, { tenantId: 'globex' }));
      h.clock.advance(1000);
      h.sut.record(event(3, { action: 'key_created', decision: 'allow' }));
      h.clock.advance(1000);
      h.sut.record(event(4));
      h.clock.advance(1000);
      h.sut.record(event(5, { tenantId: undefined }));
      await h.sut.flush();
    });

    it("returns one tenant's rows newest first, or every tenant's when tenantId is undefined", async () => {
      expect(seqs((await h.sut.query({ tenantId: 'acme' })).rows)).toEqual([4, 3, 1]);
      expect(seqs((await h.sut.query({})).rows)).toEqual([5, 4, 3, 2, 1]);
    });

    it('filters by action and decision, and by time from (inclusive) to (exclusive)', async () => {
      expect(seqs((await h.sut.query({ tenantId: 'acme', action: 'auth_failure', decision: 'deny' })).rows)).toEqual([
        4, 1,
      ]);
      expect(seqs((await h.sut.query({ from: AUDIT_START + 1000, to: AUDIT_START + 3000 })).rows)).toEqual([3, 2]);
    });

    it('pages with limit and cursor', async () => {
      const first = await h.sut.query({ limit: 2 });
      expect([seqs(first.rows), first.nextCursor]).toEqual([[5, 4], 4]);
      const second = await h.sut.query({ limit: 2, cursor: first.nextCursor });
      expect([seqs(second.rows), second.nextCursor]).toEqual([[3, 2], 2]);
      const last = await h.sut.query({ limit: 2, cursor: second.nextCursor });
      expect([seqs(last.rows), last.nextCursor]).toEqual([[1], undefined]);
    });

    it('returns at most 1000 rows, 100 by default', async () => {
      for (let i = 6; i <= 1001; i++) h.sut.record(event(i));
      await h.sut.flush();
      expect((await h.sut.query({ limit: 5000 })).rows).toHaveLength(1000);
      expect((await h.sut.query({})).rows).toHaveLength(100);
    });
  });

  describe('shutdown', () => {
    it('stores the buffered events and signs a checkpoint, then refuses events', async () => {
      const slow = auditHarness(database, { flushDelayMs: 10_000 });
      for (let i = 1; i <= 3; i++) slow.sut.record(event(i));
      expect(seqs(await slow.repo.rowsAfter(0, 100, 100))).toEqual([]);
      await slow.sut.beforeApplicationShutdown();
      expect(seqs(await slow.repo.rowsAfter(0, 100, 100))).toEqual([1, 2, 3]);
      expect(await slow.repo.latestCheckpoints(10)).toMatchObject([{ seq: 3, rowCount: 3 }]);
      jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      await slow.sut.onApplicationShutdown();
      slow.sut.record(event(4));
      const dropped = await slow.registry.getSingleMetric('audit_events_dropped_total')!.get();
      expect([slow.sut.pending, dropped.values[0].value]).toEqual([0, 1]);
    });

    it('stores events recorded while shutting down without calling them lost, and signs a checkpoint of them', async () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const repo = new DuringAppendRepository(database);
      const busy = auditHarness(database, { flushDelayMs: 10_000 }, repo);
      for (let i = 1; i <= 3; i++) busy.sut.record(event(i));
      // A request answered while the shutdown flush writes (the HTTP server still serves then).
      repo.during = () => busy.sut.record(event(4));
      await busy.sut.beforeApplicationShutdown();
      // A request still in flight while the HTTP server closes.
      busy.sut.record(event(5));
      await busy.sut.onApplicationShutdown();
      expect(seqs(await busy.repo.rowsAfter(0, 100, 100))).toEqual([1, 2, 3, 4, 5]);
      expect(await busy.repo.latestCheckpoints(1)).toMatchObject([{ seq: 5, rowCount: 5 }]);
      expect(error.mock.calls).toEqual([]);
    });
  });

  describe('two instances on one database', () => {
    it('append interleaved batches into one gapless, valid chain', async () => {
      const a = auditHarness(database, { batchSize: 4 });
      const b = auditHarness(database, { batchSize: 4 });
      for (let i = 0; i < 60; i++) {
        const [owner, actor] = i % 3 === 0 ? [b, 'b'] : [a, 'a'];
        owner.sut.record(event(i, { actor }));
        if (i % 5 === 4) await Promise.resolve();
      }
      await Promise.all([a.sut.flush(), b.sut.flush()]);
      const rows = await a.repo.rowsAfter(0, 100, 100);
      expect(seqs(rows)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const resourcesOf = (actor: string) => rows.filter((r) => r.actor === actor).map((r) => r.resource);
      expect(resourcesOf('a')).toEqual(
        Array.from({ length: 60 }, (_, i) => i)
          .filter((i) => i % 3 !== 0)
          .map((i) => `/r/${i}`),
      );
      expect(resourcesOf('b')).toEqual(Array.from({ length: 20 }, (_, i) => `/r/${3 * i}`));
      const switches = rows.filter((r, i) => i > 0 && r.actor !== rows[i - 1].actor).length;
      expect(switches).toBeGreaterThan(1);
      const report = await a.sut.verify();
      expect([report.integrity, report.completeness.ok]).toEqual([{ ok: true, checkedRows: 60 }, true]);
      expect(await b.sut.verify()).toEqual(report);
    });
  });
});
