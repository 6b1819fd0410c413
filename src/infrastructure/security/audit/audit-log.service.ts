import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { AuditDecision, type AuditEvent, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { AuditBatcher } from './audit-batcher';
import { toAuditEntry } from './audit-chain';
import { AuditConfig } from './audit.config';
import { AuditMetrics } from './audit.metrics';
import { AuditRepository } from './audit.repository';
import type { AuditCheckpoint, AuditEntry, AuditPage, AuditQuery, AuditVerifyReport } from './audit.types';
import { verifyAuditChain } from './audit-verifier';
import { CheckpointKeyring } from './checkpoint-keyring';

/** Prefix of the application events the audit log announces: `security.<action>` (e.g. `security.key_revoked`). */
export const SECURITY_EVENT_PREFIX = 'security.';

/** The background job that signs checkpoints every `audit.checkpointEveryMs`. */
export const AUDIT_CHECKPOINT_JOB = 'security.audit_checkpoint';

/** Checkpoints read to find the latest one with a valid HMAC (a forged newer one is skipped, and logged). */
const CHECKPOINT_LOOKBACK = 20;

/**
 * The tamper-evident audit log ({@link AuditLogPort}, also provided as `AUDIT_LOG`). `record` stamps the event
 * with the clock and hands it to an ordered write-behind buffer (see `AuditBatcher`): batches are appended to
 * `security_audit` in one transaction each, every row hash-chained to the one before. A job signs a checkpoint
 * (HMAC over the last seq, its hash and the row count) every `audit.checkpointEveryMs` when rows were added, and
 * shutdown stores what is buffered (for at most `audit.shutdownFlushMs`) and signs a last one. `verify` checks
 * the chain and reports integrity and completeness apart; `query` pages through the rows, newest first.
 */
@Injectable()
export class AuditLogService
  implements AuditLogPort, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(AuditLogService.name);
  private readonly batcher: AuditBatcher<AuditEntry>;
  private appended = 0;
  private checkpointing: Promise<unknown> = Promise.resolve();
  /** `lastAppendedSeq` when a shutdown checkpoint was last started: rows appended after it need another. */
  private appendedAtCheckpoint = 0;

  constructor(
    private readonly store: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AuditConfig,
    private readonly metrics: AuditMetrics,
    private readonly keyring: CheckpointKeyring,
    private readonly jobs: BackgroundJobs,
    /** Where each recorded event is also announced as `security.<action>`, for listeners in the application. */
    @Optional() private readonly events?: EventEmitter2,
  ) {
    this.batcher = new AuditBatcher<AuditEntry>(
      {
        batchSize: config.batchSize,
        flushDelayMs: config.flushDelayMs,
        capacity: config.bufferCapacity,
        retryDelayMs: config.retryDelayMs,
        retryMaxDelayMs: config.retryMaxDelayMs,
      },
      {
        write: async (batch) => {
          const head = await this.store.append(batch);
          this.appended = Math.max(this.appended, head.seq);
        },
        onWriteFailed: (err, attempt, entries, retryInMs) => {
          this.metrics.writeFailed();
          this.logger.error({ event: 'audit_write_failed', attempt, entries, retry_in_ms: retryInMs, err });
        },
        onDropped: (episode) => {
          this.metrics.dropped();
          if (episode === 1)
            this.logger.error({ event: 'audit_buffer_full', capacity: config.bufferCapacity, pending: this.pending });
        },
        overflowNotice: (dropped) => {
          this.logger.error({ event: 'audit_events_dropped', dropped });
          return toAuditEntry(
            {
              actor: 'audit_log',
              action: 'audit_events_dropped',
              resource: 'security_audit',
              decision: AuditDecision.Alert,
              severity: 'high',
              reason: `${dropped} audit events were dropped: the buffer was full`,
              extra: { dropped },
            },
            this.clock.now(),
          );
        },
      },
    );
    this.metrics.bind(() => this.batcher.pending);
  }

  /** Queues the event; never throws and never waits (a refused event is counted and logged). */
  record(event: AuditEvent): void {
    try {
      const entry = toAuditEntry(event, this.clock.now());
      if (!this.batcher.push(entry)) return;
      this.metrics.recorded(entry.action, entry.decision);
      this.announce(entry);
    } catch (err) {
      this.metrics.dropped();
      this.logger.error({ event: 'audit_record_failed', err });
    }
  }

  /**
   * Emits `security.<action>` with the entry (as stored, without its chain fields) when someone listens: every
   * authentication failure, denial, key change, threat, mitigation and blocklist change, in one place. A throwing
   * listener is logged and never reaches the caller; an unheard event costs one lookup.
   */
  private announce(entry: AuditEntry): void {
    const name = `${SECURITY_EVENT_PREFIX}${entry.action}`;
    if (!this.events?.hasListeners(name)) return;
    try {
      this.events.emit(name, entry);
    } catch (err) {
      this.logger.warn({ event: 'security_listener_failed', listener_of: name, err });
    }
  }

  /** Resolves once every event recorded before the call is stored; waits through database retries. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Events recorded and not yet stored. */
  get pending(): number {
    return this.batcher.pending;
  }

  /** The highest seq this process appended (0 before its first append); verify expects the table to reach it. */
  get lastAppendedSeq(): number {
    return this.appended;
  }

  /** Checks the chain in pages (see `verifyAuditChain`); does not flush first. */
  verify(): Promise<AuditVerifyReport> {
    return verifyAuditChain(this.store, {
      keyring: this.keyring,
      pageSize: this.config.verifyPageSize,
      knownLastSeq: this.appended,
    });
  }

  /** One page of rows matching the filter, newest first; `tenantId: undefined` reads every tenant. */
  query(filter: AuditQuery = {}): Promise<AuditPage> {
    return this.store.query(filter);
  }

  /**
   * Signs and stores a checkpoint of the chain's head when rows were appended since the latest valid one;
   * resolves with it, or undefined when there was nothing new (or another instance stored one for that seq
   * first). Calls in this process run one at a time.
   */
  checkpoint(): Promise<AuditCheckpoint | undefined> {
    const run = this.checkpointing.then(() => this.writeCheckpoint());
    this.checkpointing = run.catch(() => undefined);
    return run;
  }

  onApplicationBootstrap(): void {
    if (this.config.checkpointEveryMs > 0)
      this.jobs.register(AUDIT_CHECKPOINT_JOB, { everyMs: this.config.checkpointEveryMs }, () => this.checkpoint());
  }

  /**
   * Stops the checkpoint job, stores what was recorded until now (bounded by `audit.shutdownFlushMs`) and signs a
   * checkpoint. The HTTP server still answers meanwhile: later events are the next hook's.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.stop(AUDIT_CHECKPOINT_JOB);
    const left = await this.batcher.flushWithin(this.config.shutdownFlushMs);
    if (left > 0) this.logger.error({ event: 'audit_shutdown_flush_incomplete', pending: left });
    await this.checkpointAtShutdown();
  }

  /**
   * Stores what was recorded after the first shutdown flush (requests answered while the HTTP server closed, other
   * modules' own shutdown), if the database still answers, and signs a checkpoint over it; then stops.
   */
  async onApplicationShutdown(): Promise<void> {
    if (this.batcher.pending > 0) await this.batcher.flushWithin(this.config.shutdownFlushMs);
    const lost = this.batcher.pending;
    this.batcher.stop();
    if (lost > 0) this.logger.error({ event: 'audit_events_lost_at_shutdown', lost });
    if (this.appended > this.appendedAtCheckpoint) await this.checkpointAtShutdown();
  }

  /** {@link checkpoint}, logging a failure instead of throwing it (shutdown goes on). */
  private async checkpointAtShutdown(): Promise<void> {
    this.appendedAtCheckpoint = this.appended;
    try {
      await this.checkpoint();
    } catch (err) {
      this.logger.error({ event: 'audit_checkpoint_failed', err });
    }
  }

  private async writeCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const head = await this.store.head();
    const recent = await this.store.latestCheckpoints(CHECKPOINT_LOOKBACK);
    const trusted = recent.find((c) => this.keyring.verify(c));
    if (recent.length > 0 && recent[0] !== trusted)
      this.logger.error({ event: 'audit_checkpoint_invalid', seq: recent[0].seq, trusted_seq: trusted?.seq ?? null });
    if (head.seq === 0 || (trusted && head.seq <= trusted.seq)) return undefined;
    const rowCount = trusted
      ? trusted.rowCount + (await this.store.countRows(trusted.seq, head.seq))
      : await this.store.countRows(0, head.seq);
    const stored = await this.store.hashAt(head.seq);
    // The head is what the appenders wrote; a different last row means the table was changed behind them.
    if (stored !== head.hash)
      this.logger.error({ event: 'audit_head_mismatch', seq: head.seq, head_hash: head.hash, row_hash: stored });
    const checkpoint = this.keyring.sign({
      seq: head.seq,
      hash: head.hash,
      rowCount,
      ts: new Date(this.clock.now()).toISOString(),
    });
    if (!(await this.store.insertCheckpoint(checkpoint))) return undefined;
    this.metrics.checkpointWritten();
    // Logged in full so that a copy of every checkpoint lives outside the database (log shipping).
    this.logger.log({
      event: 'audit_checkpoint',
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      row_count: rowCount,
      ts: checkpoint.ts,
      key_id: checkpoint.keyId,
      hmac: checkpoint.hmac,
    });
    return checkpoint;
  }
}
