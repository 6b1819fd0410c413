import { Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { BackgroundJobs } from '../../src/core/jobs/background-jobs';
import { RESILIENCE } from '../../src/core/ports/resilience.port';
import { getResiliencePort } from '../../src/core/resilience/resilience.accessor';
import { ResilienceFailure } from '../../src/core/resilience/resilience-failure.error';
import { Resilient } from '../../src/core/resilience/resilient';
import { BreakerPersistence } from '../../src/infrastructure/resilience/breaker.persistence';
import {
  HEALTH_MONITOR_JOB,
  ResilienceOrchestrator,
} from '../../src/infrastructure/resilience/resilience.orchestrator';
import { ResilienceService } from '../../src/infrastructure/resilience/resilience.service';
import { jsonBody, type GraphqlBody } from '../fixtures/json-body';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

/** The part of a `/health` answer that the test reads: the orchestrators indicator's checks by name. */
interface OrchestratorsHealth {
  readonly info: { readonly orchestrators: { readonly checks: Readonly<Record<string, unknown>> } };
}

/** A provider of some other feature that protects one of its methods. */
@Injectable()
class Geocoder {
  calls = 0;

  @Resilient('geocoder', { strategy: 'retry', retry: { baseDelayMs: 1, maxDelayMs: 2 } })
  async lookup(address: string): Promise<{ address: string; lat: number }> {
    if (++this.calls < 2) throw new Error('flaky upstream');
    return { address, lat: 52.5 };
  }

  @Resilient('broken')
  async broken(): Promise<never> {
    throw new Error('always down');
  }
}

@Module({ providers: [Geocoder] })
class GeocoderModule {}

describe('resilience (e2e)', () => {
  let app: NestFastifyApplication;
  const boot = async (dataDir = testDataDir(), resilience: Record<string, unknown> = {}) => {
    const created = await createApp({
      config: appTestConfig({ persistence: { dataDir }, resilience: { healthCheckEveryMs: 100, ...resilience } }),
      imports: [GeocoderModule],
    });
    await created.init();
    await created.getHttpAdapter().getInstance().ready();
    return created;
  };
  const request = (method: 'GET' | 'POST', url: string) => app.getHttpAdapter().getInstance().inject({ method, url });

  afterEach(async () => {
    await app?.close();
  }, BOOT_TIMEOUT_MS);

  it(
    'runs through the facade with the context’s signal, and is one instance everywhere (A14.12)',
    async () => {
      app = await boot();
      const facade = app.get(OrchestrationFacade);
      const result = await facade.orchestrate('resilience', OrchestrationContext.create({ tenantId: 'acme' }), {
        service: 'pricing',
        primary: async (signal: AbortSignal) => ({ price: 10, aborted: signal.aborted }),
      });
      expect(result).toMatchObject({
        status: 'ok',
        data: { service: 'pricing', value: { price: 10, aborted: false }, degraded: false },
      });
      expect(facade.get('resilience')).toBe(app.get(ResilienceOrchestrator));
      expect(app.get(RESILIENCE)).toBe(app.get(ResilienceService));
      expect(getResiliencePort()).toBe(app.get(ResilienceService));
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'returns the wrapped method’s value through @Resilient() ([FIX] R6) and throws ResilienceFailure on failure',
    async () => {
      app = await boot();
      const geocoder = app.get(Geocoder);
      expect(await geocoder.lookup('Unter den Linden')).toEqual({ address: 'Unter den Linden', lat: 52.5 });
      expect(geocoder.calls).toBe(2);
      const failure = await geocoder.broken().catch((e: unknown) => e);
      expect(ResilienceFailure.is(failure)).toBe(true);
      expect((failure as ResilienceFailure).result).toMatchObject({
        status: 'error',
        error: 'Resilience execution failed: always down',
        category: 'processing',
      });
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'answers a REST call without a function with a validation error naming it',
    async () => {
      app = await boot();
      const res = await app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'POST', url: '/orchestrators/resilience/orchestrate', payload: { input: { service: 'x' } } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'Missing required parameter: primary',
      });
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'keeps the health monitor running after 100 facade calls and stops it at shutdown within 5 s',
    async () => {
      app = await boot();
      const facade = app.get(OrchestrationFacade);
      for (let i = 0; i < 100; i++)
        await facade.orchestrate('resilience', OrchestrationContext.create(), {
          service: 'svc',
          primary: async () => i,
        });
      const monitor = () =>
        app
          .get(BackgroundJobs)
          .list()
          .find((j) => j.name === HEALTH_MONITOR_JOB);
      const before = monitor()!.runs;
      await new Promise((r) => setTimeout(r, 350));
      expect(monitor()!.runs).toBeGreaterThan(before);
      const jobs = app.get(BackgroundJobs);
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(jobs.list().find((j) => j.name === HEALTH_MONITOR_JOB)).toBeUndefined();
      app = undefined as never;
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'serves the summary and the operator controls over REST',
    async () => {
      app = await boot();
      await app.get(ResilienceService).execute('search', async () => 'hit');
      const open = await request('POST', '/resilience/breakers/search/open');
      expect(open.statusCode).toBe(200);
      expect(open.json()).toMatchObject({ service: 'search', breaker: { state: 'open', timesOpened: 1 } });
      const summary = await request('GET', '/resilience/health');
      expect(summary.json()).toMatchObject({
        degradationMode: true,
        score: 70,
        breakers: { search: { state: 'open', failureRate: 0 } },
        services: { search: { healthy: true, successRate: 1, samples: 1, routingWeight: 1.1 } },
      });
      expect((await request('POST', '/resilience/breakers/search/close')).json()).toMatchObject({
        breaker: { state: 'closed' },
      });
      expect((await request('POST', '/resilience/breakers/search/reset')).json()).toMatchObject({
        breaker: { state: 'closed', timesOpened: 0 },
      });
      const unknown = await request('POST', '/resilience/breakers/nothing/close');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({
        category: 'not_found',
        error: 'No circuit breaker for service "nothing"',
      });
      const badAction = await request('POST', '/resilience/breakers/search/explode');
      expect(badAction.statusCode).toBe(400);
      expect(jsonBody(badAction).error).toContain('action must be one of open, close, reset');
      const health = jsonBody<OrchestratorsHealth>(await request('GET', '/health'));
      expect(health.info.orchestrators.checks.resilience).toMatchObject({
        healthy: true,
        details: { monitorRunning: true, degradationMode: false },
      });
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'restores an open breaker after a restart, so the dependency is not hammered',
    async () => {
      const dataDir = testDataDir();
      app = await boot(dataDir);
      const resilience = app.get(ResilienceService);
      for (let i = 0; i < 5; i++)
        await resilience.execute('payments', async () => Promise.reject(new Error('down')), {
          strategy: 'circuit_breaker',
        });
      expect(resilience.summary().breakers.payments.state).toBe('open');
      await app.get(BreakerPersistence).flush();
      await app.close();

      app = await boot(dataDir);
      const restored = app.get(ResilienceService);
      let called = false;
      const result = await restored.execute('payments', async () => ((called = true), 'paid'), {
        strategy: 'circuit_breaker',
      });
      expect(result).toMatchObject({ status: 'error', category: 'unavailable' });
      expect(called).toBe(false);
      expect(restored.summary().breakers.payments).toMatchObject({ state: 'open' });
    },
    // Two boots on the same data.
    2 * BOOT_TIMEOUT_MS,
  );

  it(
    'restores a breaker whose recovery time has passed as half-open',
    async () => {
      const dataDir = testDataDir();
      app = await boot(dataDir, { breakerRecoveryTimeoutMs: 50 });
      app.get(ResilienceService).breaker('mail').forceOpen();
      await app.get(BreakerPersistence).flush();
      await app.close();
      await new Promise((r) => setTimeout(r, 60));
      app = await boot(dataDir, { breakerRecoveryTimeoutMs: 50 });
      expect(app.get(ResilienceService).summary().breakers.mail.state).toBe('half_open');
    },
    // Two boots on the same data.
    2 * BOOT_TIMEOUT_MS,
  );
});

describe('resilience over GraphQL (e2e)', () => {
  let app: NestFastifyApplication;
  const gql = async (query: string) =>
    jsonBody<GraphqlBody>(
      await app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/graphql', payload: { query } }),
    );

  beforeAll(async () => {
    app = await createApp({ config: appTestConfig() });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => app?.close(), BOOT_TIMEOUT_MS);

  it('reads the summary and drives a breaker', async () => {
    await app.get(ResilienceService).execute('search', async () => 'hit');
    const opened = await gql('mutation { breaker(service: "search", action: open) { service state timesOpened } }');
    expect(opened.data?.breaker).toEqual({ service: 'search', state: 'open', timesOpened: 1 });
    const summary = await gql(
      '{ resilience { degradationMode score breakers { service state failureRate } services { service healthy samples routingWeight } } }',
    );
    expect(summary.data?.resilience).toEqual({
      degradationMode: true,
      score: 70,
      breakers: [{ service: 'search', state: 'open', failureRate: 0 }],
      services: [{ service: 'search', healthy: true, samples: 1, routingWeight: 1.1 }],
    });
    expect(
      (await gql('mutation { breaker(service: "search", action: reset) { state timesOpened } }')).data?.breaker,
    ).toEqual({ state: 'closed', timesOpened: 0 });
  });

  it('names the problem with an unknown service or a bad name', async () => {
    expect((await gql('mutation { breaker(service: "nothing", action: close) { state } }')).errors?.[0].message).toBe(
      'No circuit breaker for service "nothing"',
    );
    expect((await gql('mutation { breaker(service: "a b", action: open) { state } }')).errors?.[0].message).toBe(
      'service must be 1-200 letters, digits or . _ : / -',
    );
    expect((await gql('mutation { breaker(service: "x", action: explode) { state } }')).errors?.[0].message).toContain(
      'Value "explode" does not exist in "BreakerAction" enum',
    );
  });
});
