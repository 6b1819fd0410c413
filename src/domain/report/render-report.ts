import Handlebars from 'handlebars';
import type { ContentReport, ReportFormat } from './report.model';
import { reportView } from './report-view';
import { HTML_TEMPLATE, MARKDOWN_TEMPLATE } from './templates';

const handlebars = Handlebars.create();
const markdown = handlebars.compile(MARKDOWN_TEMPLATE, { noEscape: true, strict: true });
const html = handlebars.compile(HTML_TEMPLATE, { strict: true });

/** Media types of the renderings. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The report in one format: Markdown or HTML from the templates over its view, or the report itself as JSON
 * (complete: every field of the model). A cell of the Markdown stage table cannot contain a bar or line break.
 */
export function renderReport(report: ContentReport, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  const view = reportView(report);
  if (format === 'html') return html(view);
  return markdown({
    ...view,
    stages: view.stages.map((s) => ({ ...s, note: s.note && s.note.replace(/\|/gu, '\\|').replace(/\s+/gu, ' ') })),
  }).replace(/\n{3,}/gu, '\n\n');
}
