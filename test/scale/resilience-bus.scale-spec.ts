import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ResilienceService } from '../../src/infrastructure/resilience/resilience.service';
import { createApp } from '../fixtures/boot';
import { appTestConfig } from '../fixtures/test-config';
import { eventually, requiredEnv, uniqueName } from './helpers';

/** Two instances sharing Redis: a breaker opened on one opens on the other; each closes on its own probes. */
describe('breakers shared through Redis', () => {
  let apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    const prefix = uniqueName('bus');
    for (let i = 0; i < 2; i++) {
      const app = await createApp({
        config: appTestConfig({
          persistence: { redisUrl: requiredEnv('SCALE_REDIS_URL'), redisPrefix: prefix },
          resilience: { breakerRecoveryTimeoutMs: 300 },
        }),
      });
      await app.init();
      apps.push(app);
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });

  it('opens the peer’s breaker when one instance’s opens from failures, and lets each close on its own probes', async () => {
    const [a, b] = apps.map((app) => app.get(ResilienceService));
    for (let i = 0; i < 5; i++)
      await a.execute('inventory', async () => Promise.reject(new Error('down')), { strategy: 'circuit_breaker' });
    expect(a.summary().breakers.inventory.state).toBe('open');
    await eventually(
      async () => (b.findBreaker('inventory')?.state === 'open' ? true : undefined),
      5000,
      'the peer to open its breaker',
    );
    const openedAt = a.summary().breakers.inventory.openedSince;
    expect(b.summary().breakers.inventory.openedSince).toBe(openedAt);
    let called = false;
    expect(
      await b.execute('inventory', async () => ((called = true), 1), { strategy: 'circuit_breaker' }),
    ).toMatchObject({ category: 'unavailable' });
    expect(called).toBe(false);

    await new Promise((r) => setTimeout(r, 350));
    for (let i = 0; i < 2; i++) await b.execute('inventory', async () => 'ok', { strategy: 'circuit_breaker' });
    expect(b.summary().breakers.inventory.state).toBe('closed');
    // A closed breaker is not announced: the first instance stays as its own probes leave it.
    await new Promise((r) => setTimeout(r, 200));
    expect(a.summary().breakers.inventory.state).toBe('half_open');
  });

  it('does not echo a breaker it opened because a peer told it to', async () => {
    const [a, b] = apps.map((app) => app.get(ResilienceService));
    b.breaker('ledger').forceOpen();
    await eventually(
      async () => (a.findBreaker('ledger')?.state === 'open' ? true : undefined),
      5000,
      'the peer to open its breaker',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(b.summary().breakers.ledger.timesOpened).toBe(1);
    expect(a.summary().breakers.ledger.timesOpened).toBe(1);
  });
});
