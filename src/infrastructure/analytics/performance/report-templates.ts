/** The Markdown report: score, status, indicators, the first trends, the critical recommendations, the insights. */
export const MARKDOWN_TEMPLATE = `# Performance analytics report

Generated: {{generatedAt}} · lookback: {{lookback}}

## System health

- Score: **{{score}}** ({{status}})
- Agents monitored: {{indicators.agentsMonitored}} · with data: {{indicators.agentsWithData}} · coverage: {{coverage}}
- Recent alerts: {{indicators.recentAlerts}} · active recommendations: {{indicators.activeRecommendations}}

## Trends
{{#if trends.length}}
{{#each trends}}
- {{glyph}} {{metricName}}: {{direction}} ({{changeRate}} %)
{{/each}}
{{else}}
No trends: no agent has enough interactions.
{{/if}}

## Critical recommendations
{{#if critical.length}}
{{#each critical}}
- **{{title}}**: {{description}}
{{/each}}
{{else}}
None.
{{/if}}

## Insights
{{#each insights}}
- {{this}}
{{/each}}
`;

/** The HTML report: the score in its colour and the first critical recommendations. */
export const HTML_TEMPLATE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Performance analytics report</title></head>
<body>
<h1>Performance analytics report</h1>
<p>Generated {{generatedAt}} · lookback {{lookback}}</p>
<p class="score" style="color: {{colour}}">Health score: <strong>{{score}}</strong> ({{status}})</p>
<h2>Critical recommendations</h2>
{{#if critical.length}}
<ul>
{{#each critical}}
<li><strong>{{title}}</strong>: {{description}}</li>
{{/each}}
</ul>
{{else}}
<p>None.</p>
{{/if}}
<h2>Insights</h2>
<ul>
{{#each insights}}
<li>{{this}}</li>
{{/each}}
</ul>
</body>
</html>
`;
