import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../core/config/config.loader';
import { PersistenceConfig } from '../../../core/config/kernel.config';
import { AuditConfig } from './audit.config';
import { CHECKPOINT_KEY_FILE, resolveCheckpointKey } from './checkpoint-key.resolver';
import { checkpointKeyId } from './checkpoint-keyring';

const KEY = 'k'.repeat(32);

function audit(fields: Partial<AuditConfig> = {}): AuditConfig {
  return Object.assign(new AuditConfig(), fields);
}

function persistence(fields: Partial<PersistenceConfig>): PersistenceConfig {
  return Object.assign(new PersistenceConfig(), fields);
}

describe(resolveCheckpointKey.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'crew-audit-key-')), 'data');
  });

  it('uses audit.checkpointKey when it is set, and verifies with the previous keys too', () => {
    const resolved = resolveCheckpointKey(
      audit({ checkpointKey: KEY, previousCheckpointKeys: ['p'.repeat(32)] }),
      persistence({ dataDir, databaseUrl: 'postgres://db/crew' }),
    );
    expect([resolved.source, resolved.keyring.currentKeyId]).toEqual(['config', checkpointKeyId(KEY)]);
    const old = resolveCheckpointKey(audit({ checkpointKey: 'p'.repeat(32) }), persistence({ dataDir }));
    const signedByOld = old.keyring.sign({ seq: 1, hash: 'a'.repeat(64), rowCount: 1, ts: '2026-12-07T10:00:00.000Z' });
    expect(resolved.keyring.verify(signedByOld)).toBe(true);
  });

  it('refuses to start with PostgreSQL and no key, naming the key and its variable', () => {
    expect(() => resolveCheckpointKey(audit(), persistence({ dataDir, databaseUrl: 'postgres://db/crew' }))).toThrow(
      ConfigError,
    );
    expect(() => resolveCheckpointKey(audit(), persistence({ dataDir, databaseUrl: 'postgres://db/crew' }))).toThrow(
      /audit\.checkpointKey must be set \(env AUDIT_CHECKPOINT_KEY\) when persistence\.databaseUrl is set/,
    );
  });

  it('generates a key once in the data directory with mode 0600 and reads it back afterwards', () => {
    const first = resolveCheckpointKey(audit(), persistence({ dataDir }));
    const path = join(dataDir, CHECKPOINT_KEY_FILE);
    expect([first.source, first.path, statSync(path).mode & 0o777]).toEqual(['generated', path, 0o600]);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    const second = resolveCheckpointKey(audit(), persistence({ dataDir }));
    expect([second.source, second.keyring.currentKeyId]).toEqual(['file', first.keyring.currentKeyId]);
  });

  it('makes a key file that others can read private again, and says so', () => {
    resolveCheckpointKey(audit(), persistence({ dataDir }));
    const path = join(dataDir, CHECKPOINT_KEY_FILE);
    chmodSync(path, 0o644);
    const resolved = resolveCheckpointKey(audit(), persistence({ dataDir }));
    expect([resolved.warning, statSync(path).mode & 0o777]).toEqual([
      `${path} was readable by other users; its mode was set to 0600`,
      0o600,
    ]);
  });

  it('refuses a key file holding fewer than 32 characters', () => {
    resolveCheckpointKey(audit(), persistence({ dataDir }));
    writeFileSync(join(dataDir, CHECKPOINT_KEY_FILE), 'short\n');
    expect(() => resolveCheckpointKey(audit(), persistence({ dataDir }))).toThrow(/must hold at least 32 characters/);
  });
});
