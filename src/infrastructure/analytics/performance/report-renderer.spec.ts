import type { Analysis, Trend } from './analytics.model';
import { renderReport, scoreColour } from './report-renderer';

const trend = (i: number): Trend => ({
  metricName: `agent${i}_quality`,
  agent: `agent${i}`,
  series: 'quality',
  timePeriod: 'last_10_interactions',
  direction: i % 2 ? 'improving' : 'declining',
  changeRate: i,
  confidence: 1,
  forecastNextPeriod: 0.5,
  stability: 1,
  dataPointsCount: 10,
  lookbackHours: 24,
});

const analysis = (score: number): Analysis => ({
  analysisTimestamp: Date.UTC(2026, 11, 12, 10),
  lookbackHours: 24,
  systemHealth: {
    overallScore: score,
    status: 'fair',
    components: null,
    keyIndicators: {
      agentsMonitored: 7,
      agentsWithData: 7,
      coverageRatio: 1,
      recentAlerts: 0,
      activeRecommendations: 0,
    },
  },
  performanceTrends: Array.from({ length: 7 }, (_, i) => trend(i)),
  anomalies: { detected: 0, critical: 0, high: 0, medium: 0, low: 0, recent: [] },
  forecasts: {},
  optimizationRecommendations: { critical: [], high: [], medium: [], totalRecommendations: 0 },
  comparativeInsights: {
    agents: [],
    bestQuality: null,
    worstQuality: null,
    fastest: null,
    qualityGap: null,
    message: null,
  },
  actionableInsights: ['Performance is within normal parameters'],
  totals: { interactions: 0, meanQuality: null, errorRate: null, meanResponseTimeMs: null },
  intervalCoverage: null,
});

describe('renderReport', () => {
  it('(i) Markdown lists at most 5 trends, with glyph and change', () => {
    const sut = renderReport(analysis(0.7), 'markdown');
    expect(sut.match(/^- [↑↓→?] /gmu)).toHaveLength(5);
    expect(sut).toContain('- ↓ agent0\\_quality: declining (+0.0 %)');
    expect(sut).toContain('- Score: **0.70** (fair)');
    expect(sut).not.toContain('agent5');
  });

  it('(i) HTML colours a score of .7 orange', () => {
    expect(renderReport(analysis(0.7), 'html')).toContain('style="color: orange"');
    expect([scoreColour(0.81), scoreColour(0.8), scoreColour(0.6), scoreColour(null)]).toEqual([
      'green',
      'orange',
      'red',
      'grey',
    ]);
  });

  it('JSON is the whole analysis', () => {
    expect(JSON.parse(renderReport(analysis(0.7), 'json'))).toEqual(analysis(0.7));
  });
});
