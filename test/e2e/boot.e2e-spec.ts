import type { AddressInfo } from 'node:net';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { ConfigError } from '../../src/core/config/config.loader';
import { getOrchestrationFacade } from '../../src/core/facade/facade.accessor';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { appTestConfig } from '../fixtures/test-config';
import { bearer } from '../fixtures/test-keys';

describe('boot (e2e)', () => {
  it(
    'refuses to boot on an invalid configuration, naming the key',
    async () => {
      const boot = createApp({ configOptions: { env: { NODE_ENV: 'test', PORT: 'eighty' } } });
      await expect(boot).rejects.toThrow(ConfigError);
      await expect(createApp({ configOptions: { env: { NODE_ENV: 'test', LOG_LEVEL: 'loud' } } })).rejects.toThrow(
        'logging.level must be one of the following values: fatal, error, warn, info, debug, trace, silent',
      );
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'serves real HTTP on loopback and shuts down cleanly',
    async () => {
      const app = await createApp({ config: appTestConfig(), imports: [TestOrchestratorsModule] });
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      expect(getOrchestrationFacade().list()).toHaveLength(17);

      const res = await fetch(`http://127.0.0.1:${port}/orchestrators/echo/orchestrate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'live-1', ...bearer() },
        body: JSON.stringify({ input: { n: 1 } }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('live-1');
      expect(((await res.json()) as { data: unknown }).data).toMatchObject({ requestId: 'live-1', input: { n: 1 } });

      await app.close();
      expect(() => getOrchestrationFacade()).toThrow('The orchestration facade is not available');
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    },
    BOOT_TIMEOUT_MS,
  );
});
