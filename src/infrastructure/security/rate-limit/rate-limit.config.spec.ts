import { testConfig } from '../../../../test/fixtures/test-config';
import { ConfigError } from '../../../core/config/config.loader';
import type { ConfigFragment } from '../../../core/config/config.loader';
import { RateLimitConfig } from './rate-limit.config';
import { escalationPolicy } from './rate-limit.module';

/** The problems `testConfig` reports for a `rateLimit` section. */
function problems(rateLimit: ConfigFragment[string]): readonly string[] {
  try {
    testConfig({ rateLimit });
  } catch (e) {
    if (ConfigError.is(e)) return e.problems;
    throw e;
  }
  return [];
}

describe(RateLimitConfig.name, () => {
  it('defaults to the original numbers: user 60/min burst 90, tenant 600/800, route 120/150, provider 300/400', () => {
    const config = testConfig().rateLimit;
    const scopes = (['user', 'tenant', 'route', 'provider'] as const).map((k) => {
      const scope = config.scopes[k];
      return [k, scope.perMinute, scope.burst, scope.escalate];
    });
    expect(scopes).toEqual([
      ['user', 60, 90, true],
      ['tenant', 600, 800, true],
      ['route', 120, 150, true],
      ['provider', 300, 400, true],
    ]);
    expect([config.enabled, config.costs, config.defaultCost]).toEqual([
      true,
      [{ route: 'POST /autointel', cost: 10 }],
      1,
    ]);
    expect(escalationPolicy(config)).toEqual({
      windowMs: 900_000,
      steps: [
        { violations: 3, cooldownMs: 30_000 },
        { violations: 6, cooldownMs: 120_000 },
        { violations: 9, cooldownMs: 600_000 },
      ],
    });
  });

  it('replaces a scope given in the configuration and keeps the others', () => {
    const config = testConfig({ rateLimit: { scopes: { provider: { perMinute: 30, burst: 40, escalate: false } } } });
    expect(config.rateLimit.scopes.provider).toEqual({ perMinute: 30, burst: 40, escalate: false });
    expect(config.rateLimit.scopes.user).toEqual({ perMinute: 60, burst: 90, escalate: true });
  });

  it('names each invalid key', () => {
    expect(problems({ scopes: { user: { perMinute: 6000, burst: 50 } } })).toEqual([
      'rateLimit.scopes.user.burst must be at least perMinute / 60 (one second of refill)',
    ]);
    expect(problems({ scopes: { tenant: { perMinute: 600 } } })).toContain(
      'rateLimit.scopes.tenant.burst must be an integer number',
    );
    expect(problems({ costs: [{ route: 'POST /autointel', cost: 91 }] })).toEqual([
      'rateLimit.costs: "POST /autointel" costs 91, more than the user burst (90): it could never pass',
    ]);
    expect(problems({ costs: [{ route: 'GET /x', cost: 0.5 }] })).toEqual([
      'rateLimit.costs.0.cost must not be less than 1',
      'rateLimit.costs.0.cost must be an integer number',
    ]);
    expect(
      problems({
        costs: [
          { route: 'GET /x', cost: 1 },
          { route: 'GET /x', cost: 2 },
        ],
      }),
    ).toEqual(['rateLimit.costs: "GET /x" is listed twice']);
    expect(problems({ defaultCost: 100 })).toEqual([
      'rateLimit.defaultCost 100 is more than the smallest burst of the user, tenant and route scopes',
    ]);
    expect(
      problems({
        cooldowns: [
          { violations: 3, cooldownSeconds: 30 },
          { violations: 3, cooldownSeconds: 60 },
        ],
      }),
    ).toEqual(['rateLimit.cooldowns must be listed by strictly increasing violations']);
    expect(problems({ keyPrefix: 'a:b' })).toEqual(['rateLimit.keyPrefix must be 1-32 letters, digits, _ or -']);
  });

  it('checks costs against the bursts as configured', () => {
    expect(problems({ scopes: { route: { perMinute: 60, burst: 5 } } })).toEqual([
      'rateLimit.costs: "POST /autointel" costs 10, more than the route burst (5): it could never pass',
    ]);
  });
});
