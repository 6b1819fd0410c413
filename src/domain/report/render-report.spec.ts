import { renderReport } from './render-report';
import type { ContentReport } from './report.model';

const REPORT: ContentReport = {
  version: 1,
  generatedAt: '2026-12-07T00:00:00.000Z',
  content: null,
  claims: [],
  elsewhere: null,
  assessment: null,
  method: {
    mode: 'autonomous',
    depth: 'comprehensive',
    requestedDepth: 'experimental',
    engine: 'deterministic crew',
    llmUsed: false,
    processingTimeS: 1.25,
    stages: [{ id: 'S10', name: 'Research synthesis', status: 'skipped', note: 'no LLM | off\nhere' }],
  },
  notices: ['<b>Read</b> this & that'],
};

describe(renderReport.name, () => {
  it('renders Markdown: a notice, every section saying why it is empty, the method and its stage table', () => {
    expect(renderReport(REPORT, 'md')).toBe(
      [
        '# Content report',
        '',
        '> <b>Read</b> this & that',
        '',
        '## What it is',
        '',
        '## Summary',
        'No summary: the text has no sentences.',
        '',
        '## Key points and topics',
        'No key points beyond the summary.',
        '',
        '## Named entities',
        'No people, organisations, places, dates or figures named.',
        '',
        '## Claims',
        'No check-worthy claims found.',
        '',
        '## Tone and quotes',
        'No tone: the text has no sentences.',
        '',
        '## Assessment',
        'Not assessed: this mode runs no credibility, threat or briefing stage (see the method below).',
        '',
        '## Method',
        '- **Mode**: autonomous',
        '- **Depth**: comprehensive (asked: experimental)',
        '- **Engine**: deterministic crew',
        '- **LLM used**: no',
        '- **Time**: 1.3 s',
        '',
        '| Stage | Status | Note |',
        '| --- | --- | --- |',
        '| Research synthesis | skipped | no LLM \\| off here |',
        '',
        '---',
        'Generated 2026-12-07T00:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('escapes the text in HTML, and gives JSON the whole model', () => {
    const html = renderReport(REPORT, 'html');
    expect(html).toContain('<p class="notice">&lt;b&gt;Read&lt;/b&gt; this &amp; that</p>');
    expect(html).toContain('<tr><td>Research synthesis</td><td>skipped</td><td>no LLM | off\nhere</td></tr>');
    expect(JSON.parse(renderReport(REPORT, 'json'))).toEqual(REPORT);
  });

  it('lists where else the terms were found, with the URL a link in HTML', () => {
    const report: ContentReport = {
      ...REPORT,
      elsewhere: {
        terms: ['Harbour report', 'tide'],
        mentions: [
          { platform: 'reddit', text: 'Tides <really> rose', url: 'https://reddit.example/r/1' },
          { platform: 'x', text: 'Nothing new', url: null },
        ],
      },
    };
    expect(renderReport(report, 'md')).toContain(
      '### Elsewhere\nSearched for: Harbour report, tide\n- **reddit**: Tides <really> rose (https://reddit.example/r/1)\n- **x**: Nothing new\n',
    );
    expect(renderReport(report, 'html')).toContain(
      '<li><strong>reddit</strong>: Tides &lt;really&gt; rose (<a href="https://reddit.example/r/1" rel="nofollow noopener">https://reddit.example/r/1</a>)</li>',
    );
  });
});
