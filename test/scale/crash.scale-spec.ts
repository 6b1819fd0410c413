import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFigures } from '../crash/figures';
import { runCrashHarness } from '../crash/harness';
import { ROOT } from '../crash/server';
import { checkOk, describeCheck } from '../crash/verify';
import { createDatabase, requiredEnv, uniqueName } from './helpers';

/** The service itself, compiled with the instance entry point by scripts/test-scale.sh. */
const ENTRY = join(ROOT, 'dist-scale', 'src', 'main.js');
/** Two instances booting on PostgreSQL, eight kill points with one or both restarted, the bandit queue drained. */
const RUN_TIMEOUT_MS = 600_000;

/**
 * The crash harness, scale form: two instances of the service in their own processes on one PostgreSQL database
 * and one Redis, eight paced clients (a write moves to the other instance when its own fails), eight SIGKILLs of one
 * instance or both at seeded moments. Health windows and learning are each instance's own in this mode, so the
 * feedback state is summed over the instances; bandit rewards are shared and checked on each.
 */
describe('crash harness on PostgreSQL and Redis, two instances', () => {
  const abort = new AbortController();

  afterAll(() => abort.abort());

  it(
    'loses no acknowledged write and applies none twice across eight kill -9 points',
    async () => {
      const env = {
        DATABASE_URL: await createDatabase('crash'),
        REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
        REDIS_PREFIX: uniqueName('crash'),
        // A crashed instance's running job goes to the other one after 2 s instead of 30.
        JOB_LOCK_MS: '2000',
      };
      const report = await runCrashHarness({
        seed: 11,
        killPoints: 8,
        dataDirs: [mkdtempSync(join(tmpdir(), 'crew-crash-')), mkdtempSync(join(tmpdir(), 'crew-crash-'))],
        env,
        entry: { entry: ENTRY, built: false },
        feedbackScope: 'summed',
        // One consumer applies every bandit reward of the cluster, a few per second on a busy 2-core machine (it
        // writes the learners of the domain each time): the clients pace themselves so that it keeps up.
        pauseMs: 500,
        settleTimeoutMs: 300_000,
        // Longer than a crashed instance's job takes to be handed on (JOB_LOCK_MS), with margin.
        quietMs: 10_000,
        signal: abort.signal,
      });
      process.stdout.write(`${formatFigures(report)}\n`);
      expect(report.restartReadyMs.length).toBeGreaterThanOrEqual(8);
      expect(Object.entries(report.acks).filter(([, n]) => n === 0)).toEqual([]);
      expect(report.settled).toBe(true);
      const failed = report.checks
        .filter((c) => !checkOk(c))
        .map((c) => `${describeCheck(c)}: lost ${c.lost}, doubled ${c.doubled}, wrong ${c.mismatched}`);
      expect(failed).toEqual([]);
      expect({ lost: report.lost, doubled: report.doubled }).toEqual({ lost: 0, doubled: 0 });
    },
    RUN_TIMEOUT_MS,
  );
});
