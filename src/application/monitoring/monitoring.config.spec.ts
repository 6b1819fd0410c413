import { ConfigError, validateConfig } from '../../core/config/config.loader';
import './monitoring.config';

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (ConfigError.is(e)) return e.problems;
    throw e;
  }
  return [];
};

describe('MonitoringConfig', () => {
  it('defaults to the scheduler off, a 5-minute interval within [60 s, 1 day], fallback/standard runs', () => {
    const { schedule, fetch, alerts, websub, ...rest } = validateConfig({}).monitoring;
    expect([schedule.checkOnStart, schedule.maxConcurrentChecks, fetch.maxBytes, alerts.errorShare]).toEqual([
      false,
      4,
      5_242_880,
      0.5,
    ]);
    expect([websub.callbackBaseUrl, websub.leaseSeconds]).toEqual([null, 432_000]);
    expect({ ...rest }).toEqual({
      enabled: false,
      minIntervalSeconds: 60,
      maxIntervalSeconds: 86_400,
      defaultIntervalSeconds: 300,
      defaultJitterSeconds: 30,
      defaultRunMode: 'fallback',
      defaultRunDepth: 'standard',
      maxCreatorsPerTenant: 1_000,
      maxSourcesPerTenant: 5_000,
      historyRetentionDays: 30,
    });
  });

  it('refuses a default interval outside the bounds, and bounds the wrong way round', () => {
    expect(problems(() => validateConfig({ monitoring: { defaultIntervalSeconds: 30 } }))).toEqual([
      'monitoring.defaultIntervalSeconds: 30 is outside [minIntervalSeconds, maxIntervalSeconds] = [60, 86400]',
    ]);
    expect(
      problems(() => validateConfig({ monitoring: { minIntervalSeconds: 600, maxIntervalSeconds: 300 } })),
    ).toEqual(['monitoring.defaultIntervalSeconds: minIntervalSeconds (600) is more than maxIntervalSeconds (300)']);
  });
});
