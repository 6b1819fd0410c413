import type { Anomaly, Trend } from './analytics.model';
import { DEFAULT_ANALYTICS_SETTINGS as S } from './performance-analytics.config';
import { insights, recommend } from './recommendations';

const anomaly = (severity: Anomaly['severity']): Anomaly => ({
  agent: 'a',
  metricName: 'a_quality',
  method: 'zscore',
  type: 'drop',
  severity,
  value: 0.1,
  expected: 0.8,
  score: 3.5,
  spread: 0.1,
  index: 12,
  at: null,
});
const trend = (series: Trend['series'], direction: Trend['direction'], confidence: number): Trend => ({
  metricName: `research_agent_${series}`,
  agent: 'research_agent',
  series,
  timePeriod: 'last_20_interactions',
  direction,
  changeRate: -12,
  confidence,
  forecastNextPeriod: 0.5,
  stability: 0.8,
  dataPointsCount: 20,
  lookbackHours: 24,
});

describe('recommend', () => {
  it('(f) 4 high anomalies give one critical reliability recommendation', () => {
    const sut = recommend(
      { trends: [], anomalies: Array.from({ length: 4 }, () => anomaly('high')), healthStatus: 'good' },
      S,
    );
    expect(sut.map((r) => [r.category, r.priority, r.confidence])).toEqual([['reliability', 'critical', 0.9]]);
  });

  it('(f) 3 high anomalies give none', () => {
    expect(recommend({ trends: [], anomalies: [1, 2, 3].map(() => anomaly('high')), healthStatus: 'good' }, S)).toEqual(
      [],
    );
  });

  it('declining trends above .5 confidence: quality high, response time medium, error rate reliability high', () => {
    const trends = [
      trend('quality', 'declining', 0.9),
      trend('response_time', 'declining', 0.6),
      trend('error_rate', 'declining', 0.7),
      trend('quality', 'declining', 0.5),
    ];
    const sut = recommend({ trends, anomalies: [], healthStatus: 'excellent' }, S);
    expect(sut.map((r) => [r.category, r.priority, r.title])).toEqual([
      ['quality', 'high', 'Improve research_agent response quality'],
      ['performance', 'medium', 'Speed up research_agent'],
      ['reliability', 'high', 'Reduce research_agent errors'],
    ]);
  });

  it('a degraded status gives a critical system recommendation; spend gives a cost one; no spend none', () => {
    const sut = recommend({ trends: [], anomalies: [], healthStatus: 'degraded', spend: 12 }, S);
    expect(sut.map((r) => [r.category, r.priority, r.confidence])).toEqual([
      ['system', 'critical', 0.95],
      ['cost', 'medium', 0.7],
    ]);
  });
});

describe('insights', () => {
  it('says within normal parameters when nothing stands out, a stable baseline when > 80 % are stable', () => {
    expect(insights([], [], [], 0.8)).toEqual(['Performance is within normal parameters']);
    expect(insights([trend('quality', 'stable', 1)], [], [], 0.8)).toEqual(['Performance holds a stable baseline']);
  });
});
