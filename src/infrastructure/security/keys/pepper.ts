import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../../core/config/app-config';
import { ConfigError } from '../../../core/config/config.loader';

export const KEY_PEPPER = Symbol('KEY_PEPPER');

/**
 * The pepper of the key hashes: `security.pepper`; else, for the embedded database, `<dataDir>/security.pepper`,
 * created once (32 random bytes, mode 0600). With PostgreSQL every instance must use the same one, so it must be
 * configured.
 */
export function keyPepper(config: AppConfig): string {
  if (config.security.pepper) return config.security.pepper;
  if (config.persistence.databaseUrl)
    throw new ConfigError([
      'security.pepper (env SECURITY_PEPPER) is required with PostgreSQL (persistence.databaseUrl)',
    ]);
  const file = join(config.persistence.dataDir, 'security.pepper');
  if (!existsSync(file)) {
    mkdirSync(config.persistence.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process sharing the data directory created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
