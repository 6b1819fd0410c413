import { IsArray, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { defineConfigSection } from '../../../core/config/config-section';

/**
 * The tamper-evident audit log (infrastructure/security); every duration in ms. The log is append-only: nothing
 * here deletes rows (a retention that removes rows would have to be a checkpointed truncation that verification
 * understands; there is none).
 */
export class AuditConfig {
  /** Events written in one transaction; a full batch is written without waiting. Default 100. */
  @IsInt() @Min(1) @Max(1000) batchSize = 100;
  /** How long a partial batch waits for more events before it is written. Default 10. */
  @IsInt() @Min(0) @Max(10_000) flushDelayMs = 10;
  /**
   * Events held in memory while the database is slow or down; beyond it new events are dropped, counted in
   * `audit_events_dropped_total`, logged, and an `audit_events_dropped` entry stating how many is appended once
   * there is room. Default 100000.
   */
  @IsInt() @Min(10) @Max(10_000_000) bufferCapacity = 100_000;
  /** Wait before retrying a batch the database refused; doubles per failure up to `retryMaxDelayMs`. Default 200. */
  @IsInt() @Min(1) @Max(60_000) retryDelayMs = 200;
  /** The longest wait between retries. Default 10000. */
  @IsInt() @Min(1) @Max(600_000) retryMaxDelayMs = 10_000;
  /** How long shutdown waits for buffered events to be stored. Default 5000. */
  @IsInt() @Min(0) @Max(600_000) shutdownFlushMs = 5000;
  /**
   * Interval of the job that signs a checkpoint when rows were appended since the last one; 0 turns it off (a
   * checkpoint is still written at shutdown). Default 60000.
   */
  @IsInt() @Min(0) @Max(86_400_000) checkpointEveryMs = 60_000;
  /**
   * The secret that signs checkpoints (HMAC-SHA256 over its UTF-8 bytes), at least 32 characters. Required with
   * PostgreSQL (`persistence.databaseUrl`), where instances must share it; with the embedded database a random
   * key is generated once into `<persistence.dataDir>/audit-checkpoint.key` (mode 0600). Default unset (env
   * `AUDIT_CHECKPOINT_KEY`).
   */
  @IsOptional() @IsString() @MinLength(32) checkpointKey?: string;
  /**
   * Former checkpoint keys, still accepted when verifying older checkpoints. Default none (env
   * `AUDIT_PREVIOUS_CHECKPOINT_KEYS`, comma-separated).
   */
  @IsArray() @IsString({ each: true }) @MinLength(32, { each: true }) previousCheckpointKeys: string[] = [];
  /** Rows read per query when verifying the chain. Default 5000. */
  @IsInt() @Min(100) @Max(100_000) verifyPageSize = 5000;
  /** Distinct `action` labels of `audit_events_total`; later actions are counted as `other`. Default 100. */
  @IsInt() @Min(1) @Max(10_000) maxActionLabels = 100;
}

export const auditConfig = defineConfigSection({
  key: 'audit',
  schema: AuditConfig,
  env: { checkpointKey: 'AUDIT_CHECKPOINT_KEY', previousCheckpointKeys: 'AUDIT_PREVIOUS_CHECKPOINT_KEYS' },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    audit: AuditConfig;
  }
}
