import { fail, ok, skip } from '../../../core/result/step-result';
import { briefingMarkdown } from './briefing-report';
import { formatReport } from './autointel-result';

describe(briefingMarkdown.name, () => {
  it('renders S12 as Markdown: grade, summary, findings, threat with three indicators, claims, recommendations', () => {
    const s12 = ok({
      executive_summary: 'A talk: threat level medium.',
      key_findings: ['one', 'two'],
      threat_assessment: { level: 'medium', indicators: ['a', 'b', 'c', 'd'] },
      verification_summary: { claims_checked: 5, verified_claims: 2, disputed_claims: 1, confidence: 0.6789 },
      strategic_recommendations: ['Proceed with moderate caution.'],
      intelligence_grade: 'B',
    });
    expect(briefingMarkdown(s12)).toBe(
      [
        '### Briefing (grade B)',
        '',
        'A talk: threat level medium.',
        '',
        '**Key findings**',
        '- one',
        '- two',
        '',
        '**Threat level:** medium (a; b; c)',
        '**Claims:** 5 checked, 2 supported, 1 refuted (confidence 0.68)',
        '',
        '**Recommendations**',
        '- Proceed with moderate caution.',
      ].join('\n'),
    );
  });

  it('gives nothing without a briefing, and the report is then heading plus crew text', () => {
    expect([
      briefingMarkdown(undefined),
      briefingMarkdown(skip('acquisition_failed')),
      briefingMarkdown(fail('processing', 'x')),
    ]).toEqual([undefined, undefined, undefined]);
    expect(formatReport('https://e.org/a', 'deep', 1.25, 'crew text')).toBe(
      '## Autonomous intelligence analysis\n**URL:** https://e.org/a\n**Depth:** deep\n**Processing time:** 1.3 s\n\ncrew text',
    );
    expect(formatReport('https://e.org/a', 'deep', 1.25, 'crew text', '### Briefing (grade A)')).toBe(
      '## Autonomous intelligence analysis\n**URL:** https://e.org/a\n**Depth:** deep\n**Processing time:** 1.3 s\n\n### Briefing (grade A)\n\n### Crew output\n\ncrew text',
    );
  });
});
