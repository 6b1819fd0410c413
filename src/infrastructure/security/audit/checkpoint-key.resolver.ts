import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../../core/config/config.loader';
import type { PersistenceConfig } from '../../../core/config/kernel.config';
import type { AuditConfig } from './audit.config';
import { CheckpointKeyring } from './checkpoint-keyring';

/** Name of the generated key's file in `persistence.dataDir`. */
export const CHECKPOINT_KEY_FILE = 'audit-checkpoint.key';

/** The keyring and where its current key came from. */
export interface ResolvedCheckpointKey {
  readonly keyring: CheckpointKeyring;
  /** `config` (`audit.checkpointKey`), `file` (read from the data directory) or `generated` (just written there). */
  readonly source: 'config' | 'file' | 'generated';
  readonly path?: string;
  /** Something was wrong but repaired, e.g. the key file was readable by others and was made private. */
  readonly warning?: string;
}

/**
 * The checkpoint keyring: `audit.checkpointKey` when set. Otherwise, with PostgreSQL, a {@link ConfigError}
 * naming the key (instances sharing a database must share the key, so one cannot be made up here); with the
 * embedded database, the key in `<dataDir>/audit-checkpoint.key`, generated on first use (32 random bytes in hex,
 * file mode 0600).
 */
export function resolveCheckpointKey(audit: AuditConfig, persistence: PersistenceConfig): ResolvedCheckpointKey {
  const previous = audit.previousCheckpointKeys;
  if (audit.checkpointKey) return { keyring: new CheckpointKeyring(audit.checkpointKey, previous), source: 'config' };
  if (persistence.databaseUrl) {
    throw new ConfigError([
      'audit.checkpointKey must be set (env AUDIT_CHECKPOINT_KEY) when persistence.databaseUrl is set: every ' +
        'instance sharing the database signs audit checkpoints with the same key of at least 32 characters ' +
        '(e.g. `openssl rand -hex 32`)',
    ]);
  }
  const dir = resolve(persistence.dataDir);
  const path = join(dir, CHECKPOINT_KEY_FILE);
  mkdirSync(dir, { recursive: true });
  const generated = randomBytes(32).toString('hex');
  try {
    // `wx`: never overwrite a key another start wrote; an existing file is read below.
    writeFileSync(path, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { keyring: new CheckpointKeyring(generated, previous), source: 'generated', path };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 32) {
    throw new ConfigError([
      `${path} (the audit checkpoint key of persistence.dataDir) must hold at least 32 characters; ` +
        'restore it, or set audit.checkpointKey (env AUDIT_CHECKPOINT_KEY)',
    ]);
  }
  let warning: string | undefined;
  if ((statSync(path).mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    warning = `${path} was readable by other users; its mode was set to 0600`;
  }
  return { keyring: new CheckpointKeyring(key, previous), source: 'file', path, ...(warning ? { warning } : {}) };
}
