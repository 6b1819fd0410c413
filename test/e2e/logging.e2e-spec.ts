import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { resetPinoLogger } from '../fixtures/pino-reset';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { appTestConfig } from '../fixtures/test-config';

/** Reads the JSON lines of a log file, waiting for the asynchronous writer to catch up. */
async function logLines(
  file: string,
  until: (lines: Record<string, unknown>[]) => boolean,
): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 50; i++) {
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
    if (until(lines)) return lines;
    await sleep(20);
  }
  throw new Error(`log lines did not appear in ${file}`);
}

/** The app with the test orchestrators, logging to a new file; returns the app, an inject function and the file. */
async function bootLoggingTo(logging: { level: string; httpRequests: boolean }) {
  const file = join(mkdtempSync(join(tmpdir(), 'crew-log-')), 'app.log');
  const app = await createApp({
    config: appTestConfig({ logging: { ...logging, file } }),
    imports: [TestOrchestratorsModule],
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return { app, fastify, file };
}

describe('logging (e2e)', () => {
  // nestjs-pino keeps the first root logger of the process for every later app; each test here has its own file.
  beforeEach(() => resetPinoLogger());

  it(
    'writes the orchestration line pair at debug and one request line, all with the request id',
    async () => {
      const { app, fastify, file } = await bootLoggingTo({ level: 'debug', httpRequests: true });
      await fastify.inject({
        method: 'POST',
        url: '/orchestrators/echo/orchestrate',
        headers: { 'x-request-id': 'log-1' },
        payload: { context: { tenantId: 'acme' }, input: { url: 'u', tenant_id: 'spoof' } },
      });

      const lines = await logLines(file, (ls) => ls.some((l) => l.msg === 'request completed'));
      await app.close();
      const started = lines.find((l) => l.event === 'orchestration_started');
      const completed = lines.find((l) => l.event === 'orchestration_completed');
      expect(started).toMatchObject({
        level: 20,
        context: 'EchoOrchestrator',
        orchestrator: 'echo',
        layer: 'domain',
        tenant_id: 'acme',
        request_id: 'log-1',
        depth: 0,
        input_keys: ['url'],
      });
      expect(completed).toMatchObject({ orchestrator: 'echo', status: 'ok', request_id: 'log-1' });
      expect(typeof completed?.duration_ms).toBe('number');
      expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({
        level: 30,
        req: { id: 'log-1', method: 'POST', url: '/orchestrators/echo/orchestrate' },
        res: { statusCode: 200 },
      });
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'logs error results at warn even at the default level, and no debug lines',
    async () => {
      const { app, fastify, file } = await bootLoggingTo({ level: 'info', httpRequests: false });
      await fastify.inject({
        method: 'POST',
        url: '/orchestrators/flaky/orchestrate',
        headers: { 'x-request-id': 'log-2' },
        payload: { input: { mode: 'fail' } },
      });
      await fastify.inject({ method: 'POST', url: '/orchestrators/echo/orchestrate', payload: {} });

      const lines = await logLines(file, (ls) => ls.some((l) => l.event === 'orchestration_completed'));
      await app.close();
      expect(lines.filter((l) => l.event === 'orchestration_completed')).toEqual([
        expect.objectContaining({
          level: 40,
          orchestrator: 'flaky',
          status: 'error',
          category: 'conflict',
          error: 'already running',
          request_id: 'log-2',
        }),
      ]);
      expect(lines.some((l) => l.event === 'orchestration_started' || l.msg === 'request completed')).toBe(false);
    },
    BOOT_TIMEOUT_MS,
  );
});
