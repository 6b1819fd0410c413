import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig } from '../fixtures/test-config';

type OpenApi = { components: { schemas: Record<string, { properties: Record<string, { default?: unknown }> }> } };

/** OpenAPI defaults that depend on configuration show the configured value, not one written in a decorator. */
describe('OpenAPI defaults from configuration (e2e)', () => {
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    app = await createApp({ config: appTestConfig({ autointel: { defaultMode: 'enhanced' } }) });
    // init() runs the bootstrap hooks, which create the test admin key the request is sent with.
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
  }, BOOT_TIMEOUT_MS);

  it('documents the mode default of POST /autointel as autointel.defaultMode', async () => {
    const doc = jsonBody<OpenApi>(await app!.inject({ method: 'GET', url: '/docs-json' }));
    expect(doc.components.schemas.StartRunDto.properties.mode.default).toBe('enhanced');
  });
});
