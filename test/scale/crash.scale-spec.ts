import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCrashSafe } from '../crash/expect-crash-safe';
import { ROOT } from '../crash/server';
import { createDatabase, requiredEnv, uniqueName } from './helpers';

/** The service itself, compiled with the instance entry point by scripts/test-scale.sh. */
const ENTRY = { entry: join(ROOT, 'dist-scale', 'src', 'main.js'), built: false };
/** Boots on PostgreSQL, eight kill points with their restarts, the queues drained: a few minutes at most. */
const RUN_TIMEOUT_MS = 600_000;
const KILL_POINTS = 8;

const dataDir = () => mkdtempSync(join(tmpdir(), 'crew-crash-'));

/**
 * The crash harness on PostgreSQL: eight clients for two tenants, eight SIGKILLs at seeded moments, each followed
 * by a restart on the same database; every acknowledged write must be in the derived state once.
 */
describe('crash harness on PostgreSQL', () => {
  const abort = new AbortController();

  afterAll(() => abort.abort());

  it(
    'two instances sharing PostgreSQL and Redis: each shows every acknowledged write once',
    async () => {
      const env = {
        DATABASE_URL: await createDatabase('crash'),
        REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
        REDIS_PREFIX: uniqueName('crash'),
        // A crashed instance's running job goes to the other one after 2 s instead of 30.
        JOB_LOCK_MS: '2000',
      };
      await expectCrashSafe({
        seed: 11,
        killPoints: KILL_POINTS,
        // Each kill point kills one instance or both; a write whose instance is down moves to the other.
        dataDirs: [dataDir(), dataDir()],
        env,
        entry: ENTRY,
        // Every instance applies the whole feedback log and counts the cluster's decisions from the decision log,
        // so each must show every tenant's whole state.
        feedbackScope: 'each',
        decisionScope: 'each',
        // One consumer applies every bandit reward of the cluster, a few per second on a busy 2-core machine (it
        // writes the learners of the domain each time): the clients pace themselves so that it keeps up.
        pauseMs: 500,
        settleTimeoutMs: 300_000,
        // Longer than a crashed instance's job takes to be handed on (JOB_LOCK_MS), with margin.
        quietMs: 10_000,
        signal: abort.signal,
      });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'one instance on PostgreSQL without Redis: loses no acknowledged write and applies none twice',
    async () => {
      await expectCrashSafe({
        seed: 13,
        killPoints: KILL_POINTS,
        dataDirs: [dataDir()],
        env: { DATABASE_URL: await createDatabase('crash') },
        entry: ENTRY,
        signal: abort.signal,
      });
    },
    RUN_TIMEOUT_MS,
  );
});
