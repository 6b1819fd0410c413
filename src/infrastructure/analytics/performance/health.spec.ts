import { scoreHealth } from './health';
import { DEFAULT_ANALYTICS_SETTINGS as S } from './performance-analytics.config';

const indicators = {
  agentsMonitored: 0,
  agentsWithData: 0,
  coverageRatio: 0,
  recentAlerts: 0,
  activeRecommendations: 0,
};
const empty = { qualities: [], trends: [], anomalies: [], incidents: 0, indicators };

describe('scoreHealth', () => {
  it('(e) no data: status no_data and no score by default', () => {
    expect(scoreHealth(empty, S)).toEqual({
      overallScore: null,
      status: 'no_data',
      components: null,
      keyIndicators: indicators,
    });
  });

  it('(e) no data with ANALYTICS_LEGACY_EMPTY_HEALTH: the original 0.9046, excellent', () => {
    const sut = scoreHealth(empty, { ...S, legacyEmptyHealth: true });
    expect([Number(sut.overallScore?.toFixed(4)), sut.status]).toEqual([0.9046, 'excellent']);
  });

  it('weighs the components: one agent at quality .6 with one critical incident', () => {
    const sut = scoreHealth(
      {
        ...empty,
        qualities: [[0.6, 0.6, 0.6, 0.6, 0.6, 0.6]],
        incidents: 1,
        indicators: { ...indicators, agentsWithData: 1 },
      },
      S,
    );
    // (1·.3 + 1·.25 + .6·.25 + 1·.2 + (.6·.9 + .4·.9)·.2) / 1.2
    expect(sut).toMatchObject({
      overallScore: 0.9,
      status: 'excellent',
      components: { trend: 1, anomaly: 1, performance: 0.6, stability: 1, dashboard: 0.9 },
    });
  });
});
