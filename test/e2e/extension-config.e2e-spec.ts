/** An extension module brings its own configuration section, declared with the public API (src/index.ts). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, createApp } from '../../src';
import { BOOT_TIMEOUT_MS, tracked } from '../fixtures/boot';
import { GreetingConfig } from '../fixtures/greeting/greeting.config';
import { GreetingModule } from '../fixtures/greeting/greeting.module';
import { testDataDir } from '../fixtures/test-config';
import { bearer, TEST_ADMIN_KEY } from '../fixtures/test-keys';

/** A config folder whose default.yaml is the test settings plus `greeting` (YAML text, indented by two). */
function configDir(greeting: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
  const quiet = 'logging:\n  level: silent\n  httpRequests: false\nmetrics:\n  defaultMetrics: false\n';
  writeFileSync(join(dir, 'default.yaml'), `${quiet}telemetry:\n  cycleEveryMs: 0\ngreeting:\n${greeting}`);
  return dir;
}

/** The app with the extension; only the boot that succeeds gets a copy of the test database (testDataDir). */
const boot = (greeting: string, env: NodeJS.ProcessEnv = {}, dataDir = mkdtempSync(join(tmpdir(), 'crew-data-'))) =>
  createApp({
    configOptions: { dir: configDir(greeting), env, overrides: { persistence: { dataDir } } },
    imports: [GreetingModule],
  });

/** The problems of the ConfigError that stopped the boot. */
async function bootFailure(booting: ReturnType<typeof boot>): Promise<readonly string[]> {
  try {
    await (await booting).close();
  } catch (e) {
    if (ConfigError.is(e)) return e.problems;
    throw e;
  }
  throw new Error('the app booted');
}

describe('extension configuration (e2e)', () => {
  it(
    'validates the section from YAML and env, injects it, and serves the orchestrator through the facade',
    async () => {
      const env = { GREETING_PUNCTUATION: '!', GREETING_REPEAT: '2', SECURITY_BOOTSTRAP_KEY: TEST_ADMIN_KEY };
      const app = await tracked(boot('  salutation: Hej\n', env, testDataDir()));
      await app.init();
      const fastify = app.getHttpAdapter().getInstance();
      await fastify.ready();
      const res = await fastify.inject({
        method: 'POST',
        url: '/orchestrators/greeting/orchestrate',
        headers: bearer(),
        payload: { input: { name: 'Ada' } },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', data: { text: 'Hej, Ada Ada!' } });
      expect(app.get(GreetingConfig)).toEqual(
        Object.assign(new GreetingConfig(), { salutation: 'Hej', punctuation: '!', repeat: 2 }),
      );
      expect(app.get(GreetingConfig)).toBe(app.get(AppConfig).greeting);
      await app.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it('stops the boot on a bad value of its key in YAML, naming the key', async () => {
    expect(await bootFailure(boot('  repeat: 0\n'))).toEqual(['greeting.repeat must not be less than 1']);
  });

  it('stops the boot on a bad value of its variable, naming the key and the variable', async () => {
    expect(await bootFailure(boot('  salutation: Hej\n', { GREETING_REPEAT: '9' }))).toEqual([
      'greeting.repeat must not be greater than 5 (set by env GREETING_REPEAT)',
    ]);
    expect(await bootFailure(boot('  salutation: Hej\n', { GREETING_REPEAT: 'twice' }))).toEqual([
      'GREETING_REPEAT (config key greeting.repeat) must be an integer, got "twice"',
    ]);
    expect(await bootFailure(boot('  salutation: Hej\n', { GREETING_PUNCTUATION: ';' }))).toEqual([
      'greeting.punctuation must be one of the following values: ., !, ? (set by env GREETING_PUNCTUATION)',
    ]);
  });

  it('rejects a key its section does not declare', async () => {
    expect(await bootFailure(boot('  salute: Hej\n'))).toEqual(['greeting.salute is not a known configuration key']);
  });
});
