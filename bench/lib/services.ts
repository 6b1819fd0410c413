import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/fixtures/free-port';

const SERVICES = join(__dirname, '..', '..', '..', 'scripts', 'services.sh');

/** A private PostgreSQL and Redis on free loopback ports (scripts/services.sh), for one bench run. */
export interface BenchServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Stops both servers and removes their data. */
  stop(): void;
}

export async function startServices(): Promise<BenchServices> {
  const env = {
    ...process.env,
    CREW_SERVICES_DIR: mkdtempSync(join(tmpdir(), 'crew-bench-services-')),
    CREW_PG_PORT: String(await freePort()),
    CREW_REDIS_PORT: String(await freePort()),
  };
  const lines = execFileSync(SERVICES, ['start'], { env }).toString().trim().split('\n');
  const urls = Object.fromEntries(lines.map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  return {
    databaseUrl: urls.DATABASE_URL,
    redisUrl: urls.REDIS_URL,
    stop: () => void execFileSync(SERVICES, ['stop'], { env }),
  };
}
