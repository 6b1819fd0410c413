/**
 * The report's two templates (Handlebars), over a {@link ReportView}. Section headings come from the view, so
 * both follow `REPORT_SECTIONS`. Markdown is compiled without escaping (the text is the document's own); HTML with
 * Handlebars' escaping, so nothing in a fetched document can become markup.
 */

export const MARKDOWN_TEMPLATE = `# {{title}}
{{#each notices}}

> {{this}}
{{/each}}

## {{titles.about}}
{{#each about}}
- **{{label}}**: {{value}}
{{/each}}

## {{titles.summary}}
{{#if summary.length}}
{{#each summary}}
{{this}}{{#unless @last}} {{/unless}}
{{~/each}}

{{else}}
{{empty.summary}}
{{/if}}
{{#if outline.length}}

### Outline
{{#each outline}}
- **{{heading}}**: {{point}}
{{/each}}
{{/if}}

## {{titles.points}}
{{#if keyPoints.length}}
{{#each keyPoints}}
- {{this}}
{{/each}}
{{else}}
{{empty.points}}
{{/if}}
{{#if topics}}

**Topics**: {{topics}}
{{/if}}

## {{titles.entities}}
{{#if entityGroups.length}}
{{#each entityGroups}}
- **{{label}}**: {{items}}
{{/each}}
{{else}}
{{empty.entities}}
{{/if}}
{{#if relations.length}}

### Named together
{{#each relations}}
- {{this}}
{{/each}}
{{/if}}

## {{titles.claims}}
{{#if claims.length}}
{{#each claims}}
- **{{verdict}}** ({{detail}}): {{text}}
{{/each}}
{{else}}
{{empty.claims}}
{{/if}}
{{#if fallacies.length}}

**Possible fallacies**
{{#each fallacies}}
- {{label}}: “{{cue}}” in “{{passage}}” ({{explanation}})
{{/each}}
{{/if}}
{{#if elsewhere}}

### Elsewhere
Searched for: {{elsewhere.terms}}
{{#each elsewhere.mentions}}
- **{{platform}}**: {{text}}{{#if url}} ({{url}}){{/if}}
{{/each}}
{{/if}}

## {{titles.tone}}
{{#if tone}}
**Tone**: {{tone}}
{{#each drivers}}
- ({{polarity}}) {{text}}
{{/each}}
{{else}}
{{empty.tone}}
{{/if}}
{{#if quotes.length}}

**Quotes**
{{#each quotes}}
- “{{text}}”{{#if speaker}} ({{speaker}}){{/if}}
{{/each}}
{{/if}}

## {{titles.assessment}}
{{#if noAssessment}}
{{noAssessment}}
{{/if}}
{{#each assessment}}
- **{{label}}**: {{value}}{{#if reasons.length}} ({{#each reasons}}{{this}}{{#unless @last}}; {{/unless}}{{/each}}){{/if}}
{{/each}}
{{#if recommendations.length}}

**Recommendations**
{{#each recommendations}}
- {{this}}
{{/each}}
{{/if}}

## {{titles.method}}
{{#each method}}
- **{{label}}**: {{value}}
{{/each}}
{{#if stages.length}}

| Stage | Status | Note |
| --- | --- | --- |
{{#each stages}}
| {{name}} | {{status}} | {{#if note}}{{note}}{{/if}} |
{{/each}}
{{/if}}

---
Generated {{generatedAt}}
`;

export const HTML_TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{title}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
.notice { border-left: 4px solid #c80; padding: .25rem .75rem; background: #fff8e8; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
.empty { color: #666; font-style: italic; }
</style>
</head>
<body>
<article>
<h1>{{title}}</h1>
{{#each notices}}
<p class="notice">{{this}}</p>
{{/each}}
<section id="about">
<h2>{{titles.about}}</h2>
<dl>
{{#each about}}
<dt>{{label}}</dt><dd>{{value}}</dd>
{{/each}}
</dl>
</section>
<section id="summary">
<h2>{{titles.summary}}</h2>
{{#if summary.length}}
<p>{{#each summary}}{{this}}{{#unless @last}} {{/unless}}{{/each}}</p>
{{else}}
<p class="empty">{{empty.summary}}</p>
{{/if}}
{{#if outline.length}}
<h3>Outline</h3>
<ul>
{{#each outline}}
<li><strong>{{heading}}</strong>: {{point}}</li>
{{/each}}
</ul>
{{/if}}
</section>
<section id="points">
<h2>{{titles.points}}</h2>
{{#if keyPoints.length}}
<ul>
{{#each keyPoints}}
<li>{{this}}</li>
{{/each}}
</ul>
{{else}}
<p class="empty">{{empty.points}}</p>
{{/if}}
{{#if topics}}
<p><strong>Topics</strong>: {{topics}}</p>
{{/if}}
</section>
<section id="entities">
<h2>{{titles.entities}}</h2>
{{#if entityGroups.length}}
<ul>
{{#each entityGroups}}
<li><strong>{{label}}</strong>: {{items}}</li>
{{/each}}
</ul>
{{else}}
<p class="empty">{{empty.entities}}</p>
{{/if}}
{{#if relations.length}}
<h3>Named together</h3>
<ul>
{{#each relations}}
<li>{{this}}</li>
{{/each}}
</ul>
{{/if}}
</section>
<section id="claims">
<h2>{{titles.claims}}</h2>
{{#if claims.length}}
<ul>
{{#each claims}}
<li><strong>{{verdict}}</strong> ({{detail}}): {{text}}</li>
{{/each}}
</ul>
{{else}}
<p class="empty">{{empty.claims}}</p>
{{/if}}
{{#if fallacies.length}}
<h3>Possible fallacies</h3>
<ul>
{{#each fallacies}}
<li>{{label}}: <q>{{cue}}</q> in <q>{{passage}}</q> ({{explanation}})</li>
{{/each}}
</ul>
{{/if}}
{{#if elsewhere}}
<h3>Elsewhere</h3>
<p>Searched for: {{elsewhere.terms}}</p>
<ul>
{{#each elsewhere.mentions}}
<li><strong>{{platform}}</strong>: {{text}}{{#if url}} (<a href="{{url}}" rel="nofollow noopener">{{url}}</a>){{/if}}</li>
{{/each}}
</ul>
{{/if}}
</section>
<section id="tone">
<h2>{{titles.tone}}</h2>
{{#if tone}}
<p><strong>Tone</strong>: {{tone}}</p>
<ul>
{{#each drivers}}
<li>({{polarity}}) {{text}}</li>
{{/each}}
</ul>
{{else}}
<p class="empty">{{empty.tone}}</p>
{{/if}}
{{#if quotes.length}}
<h3>Quotes</h3>
{{#each quotes}}
<blockquote><p>{{text}}</p>{{#if speaker}}<footer>{{speaker}}</footer>{{/if}}</blockquote>
{{/each}}
{{/if}}
</section>
<section id="assessment">
<h2>{{titles.assessment}}</h2>
{{#if noAssessment}}
<p class="empty">{{noAssessment}}</p>
{{/if}}
{{#if assessment.length}}
<dl>
{{#each assessment}}
<dt>{{label}}</dt><dd>{{value}}{{#if reasons.length}} ({{#each reasons}}{{this}}{{#unless @last}}; {{/unless}}{{/each}}){{/if}}</dd>
{{/each}}
</dl>
{{/if}}
{{#if recommendations.length}}
<h3>Recommendations</h3>
<ul>
{{#each recommendations}}
<li>{{this}}</li>
{{/each}}
</ul>
{{/if}}
</section>
<section id="method">
<h2>{{titles.method}}</h2>
<dl>
{{#each method}}
<dt>{{label}}</dt><dd>{{value}}</dd>
{{/each}}
</dl>
{{#if stages.length}}
<table>
<thead><tr><th>Stage</th><th>Status</th><th>Note</th></tr></thead>
<tbody>
{{#each stages}}
<tr><td>{{name}}</td><td>{{status}}</td><td>{{note}}</td></tr>
{{/each}}
</tbody>
</table>
{{/if}}
</section>
<footer><p>Generated {{generatedAt}}</p></footer>
</article>
</body>
</html>
`;
