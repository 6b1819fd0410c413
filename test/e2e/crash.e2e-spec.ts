import { serverEntry } from '../crash/build';
import { expectCrashSafe } from '../crash/expect-crash-safe';
import { testDataDir } from '../fixtures/test-config';

/**
 * Compiling the server when `dist/` is stale (CI builds first, so there it is not): some 20 s on a quiet 2-core
 * machine, several times that when the rest of the suite runs beside it.
 */
const BUILD_TIMEOUT_MS = 300_000;
/**
 * The short run: a first boot and four restarts (4 to 15 s each on the 2-core development machine, depending on
 * its load), up to 1.5 s of writes before each kill, the queues drained. About a minute; the limit allows five.
 */
const RUN_TIMEOUT_MS = 300_000;

/**
 * The crash harness, short form: the built service in its own process on a copy of the embedded database,
 * eight clients writing feedback and bandit decisions and rewards for two tenants, four SIGKILLs at seeded
 * moments, each followed by a restart on the same data. Every acknowledged write must be in the derived state
 * once, and re-sent writes must be answered as the first time (`npm run test:crash` runs twenty kill points).
 */
describe('crash harness (kill -9, short form)', () => {
  const abort = new AbortController();
  let entry: Awaited<ReturnType<typeof serverEntry>>;

  beforeAll(async () => {
    entry = await serverEntry();
  }, BUILD_TIMEOUT_MS);

  afterAll(() => abort.abort());

  it(
    'loses no acknowledged write and applies none twice across four kill -9 restarts',
    async () => {
      await expectCrashSafe({
        seed: 7,
        killPoints: 4,
        dataDirs: [testDataDir()],
        entry,
        signal: abort.signal,
      });
    },
    RUN_TIMEOUT_MS,
  );
});
