import Handlebars from 'handlebars';
import type { Analysis, TrendDirection } from './analytics.model';
import { HTML_TEMPLATE, MARKDOWN_TEMPLATE } from './report-templates';

export const REPORT_FORMATS = ['json', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Media types of the renderings. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const handlebars = Handlebars.create();
const markdown = handlebars.compile(MARKDOWN_TEMPLATE, { noEscape: true, strict: false });
const html = handlebars.compile(HTML_TEMPLATE, { strict: false });

const GLYPHS: Readonly<Record<TrendDirection, string>> = {
  improving: '↑',
  declining: '↓',
  stable: '→',
  unknown: '?',
};

/** Markdown lists at most this many trends; HTML at most this many critical recommendations. */
export const MARKDOWN_TRENDS = 5;
export const HTML_CRITICAL = 3;

/** The score's colour in HTML: above 0.8 green, above 0.6 orange, else red (grey without a score). */
export function scoreColour(score: number | null): string {
  if (score === null) return 'grey';
  if (score > 0.8) return 'green';
  if (score > 0.6) return 'orange';
  return 'red';
}

/** The analysis as JSON (all of it), Markdown or HTML (from the templates; HTML escapes every value). */
export function renderReport(analysis: Analysis, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(analysis, null, 2);
  const health = analysis.systemHealth;
  const view = {
    generatedAt: new Date(analysis.analysisTimestamp).toISOString(),
    lookback: analysis.lookbackHours > 0 ? `${analysis.lookbackHours} h` : 'all',
    score: health.overallScore === null ? 'n/a' : health.overallScore.toFixed(2),
    status: health.status,
    colour: scoreColour(health.overallScore),
    indicators: health.keyIndicators,
    coverage: health.keyIndicators.coverageRatio.toFixed(2),
    critical: analysis.optimizationRecommendations.critical.slice(0, format === 'html' ? HTML_CRITICAL : undefined),
    insights: analysis.actionableInsights,
  };
  if (format === 'html') return html(view);
  const trends = analysis.performanceTrends.slice(0, MARKDOWN_TRENDS).map((t) => ({
    glyph: GLYPHS[t.direction],
    metricName: t.metricName.replace(/[|*_`]/gu, (c) => `\\${c}`),
    direction: t.direction,
    changeRate: `${t.changeRate >= 0 ? '+' : ''}${t.changeRate.toFixed(1)}`,
  }));
  return markdown({ ...view, trends }).replace(/\n{3,}/gu, '\n\n');
}
