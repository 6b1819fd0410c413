import { emptyRecoveryMetrics, recordRecovery } from './recovery-metrics';

describe(recordRecovery.name, () => {
  it('counts recovered, failed and degraded executions; clean ones are not recoveries', () => {
    let sut = emptyRecoveryMetrics();
    sut = recordRecovery(sut, 'clean', 0);
    sut = recordRecovery(sut, 'recovered', 1);
    sut = recordRecovery(sut, 'failed', 2);
    sut = recordRecovery(sut, 'degraded', 3);
    expect(sut).toEqual({ successful: 1, failed: 1, degraded: 1, total: 3, successRate: 1 / 3, errorHistoryCount: 6 });
  });

  it('has a success rate of 0 with nothing recorded (successful / max(total, 1))', () => {
    expect(emptyRecoveryMetrics().successRate).toBe(0);
    expect(recordRecovery(emptyRecoveryMetrics(), 'recovered', 0).successRate).toBe(1);
  });
});
