import type { TestingModule } from '@nestjs/testing';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../../test/fixtures/core-testing';
import { principalOf, RecordingAuditLog } from '../../../../test/fixtures/security/threats-harness';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { AUDIT_LOG } from '../../../core/ports/audit-log.port';
import { ManualClock } from '../../../core/runtime/clock';
import { seededRandom } from '../../../core/runtime/random';
import { Blocklist } from './blocklist';
import { FORCE_COOLDOWN } from './mitigation.port';
import { ThreatService } from './threat.service';
import { ThreatsConfig } from './threats.config';
import { PRUNE_JOB } from './threats.lifecycle';
import { ThreatsModule } from './threats.module';
import { VulnerabilityService } from './vulnerability.service';

const T0 = 1_800_000_000_000;

describe(ThreatsModule.name, () => {
  let moduleRef: TestingModule | undefined;
  const audit = new RecordingAuditLog();
  const cooldowns: [string, number][] = [];

  beforeAll(async () => {
    moduleRef = await createCoreTestingModule({
      clock: new ManualClock(T0),
      random: seededRandom(7),
      config: { threats: { blocklistTtlMs: 60_000, pruneEveryMs: 600_000 } },
      imports: [ThreatsModule],
      providers: [
        { provide: AUDIT_LOG, useValue: audit },
        {
          provide: FORCE_COOLDOWN,
          useValue: (keyId: string, seconds: number) => void cooldowns.push([keyId, seconds]),
        },
      ],
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(() => moduleRef?.close(), BOOT_TIMEOUT_MS);

  it('reads the threats section of the configuration, with its defaults', () => {
    const config = moduleRef!.get(ThreatsConfig);
    expect([config.blocklistTtlMs, config.autoMitigation, config.defaultMode, config.retentionDays]).toEqual([
      60_000,
      true,
      'block',
      30,
    ]);
  });

  it('wires detection, the audit port, the blocklist and the cooldown port', async () => {
    const threats = moduleRef!.get(ThreatService);
    const acme = principalOf('acme', 'k_acme');
    const inspected = await threats.inspect([{ field: 'q', value: 'x union select y' }], acme, '203.0.113.5');
    // Threat ids come from their own CSPRNG source (never the seeded RANDOM_SOURCE): only their form is fixed.
    expect(inspected.block).toBe(true);
    expect(inspected.threats[0].threatId).toMatch(/^THR_1800000000_[0-9a-f]{8}$/);
    await threats.recordRequest(acme, '203.0.113.9', 10_485_761);
    expect(moduleRef!.get(Blocklist).isBlocked({ ip: '203.0.113.9' }, T0)).toMatchObject({
      blocked: true,
      until: T0 + 60_000,
    });
    await threats.report({ type: 'rate_limit_exceeded', level: 'high', description: 'abuse', keyId: 'k_acme' });
    expect(cooldowns).toEqual([['k_acme', 600]]);
    expect(audit.actions()).toEqual([
      'threat_detected/alert',
      'threat_mitigated/block',
      'threat_detected/alert',
      'threat_mitigated/block',
      'threat_detected/alert',
      'threat_mitigated/block',
    ]);
    expect(moduleRef!.get(VulnerabilityService).totals().found).toBe(0);
  });

  it('runs the retention job from bootstrap, every threats.pruneEveryMs', () => {
    const job = moduleRef!
      .get(BackgroundJobs)
      .list()
      .find((j) => j.name === PRUNE_JOB);
    expect(job?.everyMs).toBe(600_000);
  });

  it('stops the retention job at shutdown', async () => {
    const jobs = moduleRef!.get(BackgroundJobs);
    await moduleRef!.close();
    moduleRef = undefined;
    expect(jobs.list().map((j) => j.name)).not.toContain(PRUNE_JOB);
  });
});
