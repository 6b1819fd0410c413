import { Global, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { createCoreTestingModule } from '../../../../test/fixtures/core-testing';
import { AUDIT_LOG, type AuditEvent } from '../../../core/ports/audit-log.port';
import { REDIS_CONNECTION } from '../../../core/queue/redis/redis-connection';
import { AdmissionGate } from './admission-gate';
import { InMemoryRateLimitStore } from './in-memory.rate-limit.store';
import { RateLimitModule } from './rate-limit.module';
import { RateLimitService } from './rate-limit.service';
import { RATE_LIMIT_STORE } from './rate-limit.store';

const audit: AuditEvent[] = [];

/** What the application's persistence and security modules provide: no Redis, an audit log. */
@Global()
@Module({
  providers: [
    { provide: REDIS_CONNECTION, useValue: null },
    { provide: AUDIT_LOG, useValue: { record: (e: AuditEvent) => audit.push(e), flush: async () => undefined } },
  ],
  exports: [REDIS_CONNECTION, AUDIT_LOG],
})
class HostModule {}

describe(RateLimitModule.name, () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await createCoreTestingModule({
      imports: [HostModule, RateLimitModule],
      config: {
        rateLimit: { scopes: { user: { perMinute: 60, burst: 2 } }, costs: [], maxConcurrentRunsPerTenant: 1 },
      },
    });
  });

  afterAll(() => moduleRef.close());

  it('keeps buckets in memory without Redis and records denials in the audit log it finds', async () => {
    expect(moduleRef.get(RATE_LIMIT_STORE)).toBeInstanceOf(InMemoryRateLimitStore);
    const sut = moduleRef.get(RateLimitService);
    const principal = { tenantId: 't1', keyId: 'k1' };
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await sut.consume({ principal, route: 'GET /x' }));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(audit.map((e) => `${e.action} ${e.resource} ${e.decision}`)).toEqual(['rate_limit user:k1 deny']);
  });

  it('provides the admission gate with the configured cap', () => {
    const gate = moduleRef.get(AdmissionGate);
    expect(gate.tryEnter('t1').full).toBe(false);
    expect(gate.tryEnter('t1')).toEqual({ full: true, retryAfterSeconds: 5 });
  });
});
