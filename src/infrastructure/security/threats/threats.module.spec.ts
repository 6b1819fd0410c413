import type { TestingModule } from '@nestjs/testing';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../../test/fixtures/core-testing';
import { principalOf, RecordingAuditLog } from '../../../../test/fixtures/security/threats-harness';
import { testDataDir } from '../../../../test/fixtures/test-config';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { PersistenceModule } from '../../../core/persistence/persistence.module';
import { AUDIT_LOG } from '../../../core/ports/audit-log.port';
import { ManualClock } from '../../../core/runtime/clock';
import { seededRandom } from '../../../core/runtime/random';
import { BlocklistService } from './blocklist.service';
import { FORCE_COOLDOWN } from './mitigation.port';
import { ThreatService } from './threat.service';
import { ThreatsConfig } from './threats.config';
import { BLOCKLIST_SYNC_JOB, PRUNE_JOB } from './threats.lifecycle';
import { ThreatsModule } from './threats.module';
import { VulnerabilityService } from './vulnerability.service';

const T0 = 1_800_000_000_000;

describe(ThreatsModule.name, () => {
  let moduleRef: TestingModule | undefined;
  let dataDir: string;
  const clock = new ManualClock(T0);
  const audit = new RecordingAuditLog();
  const cooldowns: [string, number][] = [];

  /** The module on the embedded database in `dataDir` (the same one every time: a restart). */
  const boot = () =>
    createCoreTestingModule({
      clock,
      random: seededRandom(7),
      config: { persistence: { dataDir }, threats: { blocklistTtlMs: 60_000, pruneEveryMs: 600_000 } },
      imports: [PersistenceModule, ThreatsModule],
      providers: [
        { provide: AUDIT_LOG, useValue: audit },
        {
          provide: FORCE_COOLDOWN,
          useValue: (keyId: string, seconds: number) => void cooldowns.push([keyId, seconds]),
        },
      ],
    });

  beforeAll(async () => {
    dataDir = testDataDir();
    moduleRef = await boot();
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

  it('wires detection, the audit port, the stored threats and blocklist, and the cooldown port', async () => {
    const threats = moduleRef!.get(ThreatService);
    const acme = principalOf('acme', 'k_acme');
    const inspected = await threats.inspect([{ field: 'q', value: 'x union select y' }], acme, '203.0.113.5');
    // Threat ids come from their own CSPRNG source (never the seeded RANDOM_SOURCE): only their form is fixed.
    expect(inspected.block).toBe(true);
    expect(inspected.threats[0].threatId).toMatch(/^THR_1800000000_[0-9a-f]{8}$/);
    await threats.recordRequest(acme, '203.0.113.9', 10_485_761);
    expect(moduleRef!.get(BlocklistService).isBlocked({ ip: '203.0.113.9' }, T0)).toMatchObject({
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

  it('runs the retention job every threats.pruneEveryMs and the blocklist reload every threats.blocklistSyncMs', () => {
    const jobs = moduleRef!.get(BackgroundJobs).list();
    expect([PRUNE_JOB, BLOCKLIST_SYNC_JOB].map((name) => jobs.find((j) => j.name === name)?.everyMs)).toEqual([
      600_000, 30_000,
    ]);
  });

  it(
    'keeps threats and the blocklist across a restart on the same database, each entry until its expiry',
    async () => {
      const blocklist = moduleRef!.get(BlocklistService);
      await blocklist.block('principal', 'k_later', T0 + 120_000, 'operator: k_later');
      await moduleRef!.close();
      clock.set(T0 + 59_999);
      moduleRef = await boot();
      const restarted = moduleRef.get(BlocklistService);
      expect(restarted.list(clock.now()).map((e) => [e.kind, e.value, e.until])).toEqual([
        ['ip', '203.0.113.9', T0 + 60_000],
        ['principal', 'k_later', T0 + 120_000],
      ]);
      expect(restarted.isBlocked({ ip: '203.0.113.9', keyId: 'k_other' }, clock.now()).blocked).toBe(true);
      const stored = await moduleRef.get(ThreatService).list({ tenantId: 'acme' });
      expect(stored.map((t) => [t.threatType, t.status])).toEqual([
        ['data_exfiltration', 'mitigated'],
        ['injection_attempt', 'mitigated'],
      ]);

      await moduleRef.close();
      clock.set(T0 + 60_000);
      moduleRef = await boot();
      const later = moduleRef.get(BlocklistService);
      expect(later.isBlocked({ ip: '203.0.113.9' }, clock.now())).toEqual({ blocked: false });
      expect(later.isBlocked({ keyId: 'k_later' }, clock.now())).toMatchObject({ blocked: true, until: T0 + 120_000 });
    },
    BOOT_TIMEOUT_MS,
  );

  it('stops its jobs at shutdown', async () => {
    const jobs = moduleRef!.get(BackgroundJobs);
    await moduleRef!.close();
    moduleRef = undefined;
    const names = jobs.list().map((j) => j.name);
    expect([names.includes(PRUNE_JOB), names.includes(BLOCKLIST_SYNC_JOB)]).toEqual([false, false]);
  });
});
