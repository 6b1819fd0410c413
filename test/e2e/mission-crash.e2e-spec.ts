import { serverEntry } from '../crash/build';
import { exchange } from '../crash/http';
import { ServerProcess } from '../crash/server';
import { freePort } from '../fixtures/free-port';
import { PageServer } from '../fixtures/page-server';
import { testDataDir } from '../fixtures/test-config';
import { TEST_ADMIN_KEY, TEST_AUDIT_CHECKPOINT_KEY, TEST_PEPPER } from '../fixtures/test-keys';

/** Compiling the server when `dist/` is stale: some 20 s on a quiet 2-core machine, several times that when busy. */
const BUILD_TIMEOUT_MS = 300_000;
/** Two boots of the built server (4 to 15 s each on a busy 2-core machine) and two short missions. */
const RUN_TIMEOUT_MS = 240_000;

interface Mission {
  readonly missionId: string;
  readonly status: string;
  readonly attempts: number;
  readonly stages: readonly { readonly id: string; readonly status: string; readonly finishedAt: number }[];
  readonly messages: readonly string[];
  readonly sessionId: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A mission whose service is killed with SIGKILL in the middle of a stage: no shutdown hook runs, so the mission
 * is left `running` with its first stage checkpointed. The next boot on the same data resumes it from there.
 */
describe('a mission across kill -9 (e2e)', () => {
  let entry: Awaited<ReturnType<typeof serverEntry>>;
  const pages = new PageServer();
  let base = '';

  beforeAll(async () => {
    base = await pages.start();
    entry = await serverEntry();
  }, BUILD_TIMEOUT_MS);

  afterAll(() => pages.stop());

  it.each([
    ['pipeline', 2],
    ['hierarchical', 1],
  ] as const)(
    'in %s mode, is resumed at the next boot from its last checkpoint, its completed stage not run again',
    async (mode, attempts) => {
      const port = await freePort();
      const server = new ServerProcess({
        name: 'missions',
        entry: entry.entry,
        port,
        bootTimeoutMs: 120_000,
        env: {
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATA_DIR: testDataDir(),
          LOG_LEVEL: 'warn',
          LOG_HTTP_REQUESTS: 'false',
          METRICS_DEFAULT: 'false',
          RATE_LIMIT_ENABLED: 'false',
          SECURITY_BOOTSTRAP_KEY: TEST_ADMIN_KEY,
          SECURITY_PEPPER: TEST_PEPPER,
          AUDIT_CHECKPOINT_KEY: TEST_AUDIT_CHECKPOINT_KEY,
          CONTENT_ALLOWED_CIDRS: '127.0.0.0/8',
          YTDLP: 'off',
        },
      });
      const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
        const x = await exchange(port, { method, path, key: TEST_ADMIN_KEY, body });
        if (x.kind !== 'answer') throw new Error(`${method} ${path}: ${JSON.stringify(x)}`);
        return x;
      };
      const mission = async (id: string) => (await call('GET', `/missions/${id}`)).json as Mission;
      try {
        await server.start();
        pages.healthy = false;
        const started = await call('POST', '/missions', { url: `${base}/slow`, mode });
        expect(started.status).toBe(202);
        const id = (started.json as Mission).missionId;
        for (let i = 0; i < 200 && pages.holding === 0; i++) await sleep(50);
        const before = await mission(id);
        expect([pages.holding, before.status, before.stages.map((s) => `${s.id}:${s.status}`)]).toEqual([
          1,
          'running',
          ['mission_planning:completed'],
        ]);

        await server.kill();
        pages.healthy = true;
        pages.release();
        await server.start();

        let after = await mission(id);
        for (let i = 0; i < 300 && after.status !== 'completed'; i++) {
          await sleep(100);
          after = await mission(id);
        }
        // The pipeline's job starts a second run; the hierarchical mission's session is resumed by the hierarchy
        // (its interrupted acquisition attempt run again under its id) and its job follows it: still one run.
        expect([after.status, after.attempts, after.messages]).toEqual(['completed', attempts, before.messages]);
        expect(after.stages[0]).toEqual(before.stages[0]);
        expect(after.stages.map((s) => s.status)).toEqual(Array(8).fill('completed'));
        if (mode === 'hierarchical') {
          expect(after.sessionId).toBe(before.sessionId);
          type Session = { status: string; tasks: { objectiveId: string; status: string; attempts: number }[] };
          // The mission completes with its last stage's checkpoint; its session settles that task just after.
          let session = (await call('GET', `/hierarchy/sessions/${after.sessionId}`)).json as Session;
          for (let i = 0; i < 100 && session.status === 'running'; i++) {
            await sleep(100);
            session = (await call('GET', `/hierarchy/sessions/${after.sessionId}`)).json as Session;
          }
          expect([session.status, session.tasks.map((t) => `${t.objectiveId}:${t.attempts}`).slice(0, 2)]).toEqual([
            'completed',
            ['mission_planning:1', 'acquisition:1'],
          ]);
        }
      } finally {
        await server.kill();
      }
    },
    RUN_TIMEOUT_MS,
  );
});
