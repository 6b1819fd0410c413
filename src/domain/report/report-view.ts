import type { DigestEntity, EntityKind } from '../content';
import { REPORT_SECTIONS, type ContentReport } from './report.model';

/**
 * The report laid out for reading: labels chosen, numbers formatted, empty sections given a sentence saying so.
 * Both templates (Markdown and HTML) render this same view, so they cannot disagree on content.
 */
export interface ReportView {
  readonly title: string;
  readonly titles: Readonly<Record<(typeof REPORT_SECTIONS)[number]['key'], string>>;
  readonly notices: readonly string[];
  readonly about: readonly Row[];
  readonly summary: readonly string[];
  readonly outline: readonly { heading: string; point: string }[];
  readonly keyPoints: readonly string[];
  readonly topics: string;
  readonly entityGroups: readonly { label: string; items: string }[];
  readonly relations: readonly string[];
  readonly claims: readonly { text: string; verdict: string; detail: string }[];
  readonly fallacies: readonly { label: string; passage: string; cue: string; explanation: string }[];
  readonly elsewhere: {
    terms: string;
    mentions: readonly { platform: string; text: string; url: string | null }[];
  } | null;
  readonly tone: string;
  readonly drivers: readonly { text: string; polarity: string }[];
  readonly quotes: readonly { text: string; speaker: string | null }[];
  readonly assessment: readonly (Row & { reasons: readonly string[] })[];
  readonly recommendations: readonly string[];
  readonly noAssessment: string | null;
  readonly method: readonly Row[];
  readonly stages: readonly { name: string; status: string; note: string | null }[];
  readonly generatedAt: string;
  readonly empty: Readonly<Record<string, string>>;
}

interface Row {
  readonly label: string;
  readonly value: string;
}

const KIND_LABELS: readonly [EntityKind, string][] = [
  ['person', 'People'],
  ['organisation', 'Organisations'],
  ['place', 'Places'],
  ['date', 'Dates'],
  ['number', 'Figures'],
  ['other', 'Other names'],
];

const VERDICTS: Readonly<Record<string, string>> = {
  supported: 'Supported',
  refuted: 'Refuted',
  mixed: 'Mixed',
  uncertain: 'Uncertain',
};

const two = (n: number) => n.toFixed(2);
const signed = (n: number) => (n > 0 ? `+${two(n)}` : two(n));

function aboutRows(report: ContentReport): Row[] {
  const a = report.content?.about;
  if (!a) return [];
  const rows: (Row | null)[] = [
    { label: 'Source', value: a.source },
    a.site ? { label: 'Site', value: a.site } : null,
    a.author ? { label: 'Author', value: a.author } : null,
    a.publishedAt ? { label: 'Published', value: a.publishedAt } : null,
    a.platform ? { label: 'Platform', value: a.platform } : null,
    // No text, no language to tell.
    a.words > 0
      ? { label: 'Language', value: a.language === 'en' ? 'English' : 'not English (analysed as English)' }
      : null,
    a.durationS !== null
      ? { label: 'Duration', value: duration(a.durationS) }
      : {
          label: 'Length',
          value: `${a.words.toLocaleString('en-US')} words, about ${Math.max(1, Math.round(a.readingMinutes))} min to read`,
        },
    a.textOrigin ? { label: 'Text from', value: ORIGINS[a.textOrigin] } : null,
  ];
  return rows.filter((r): r is Row => r !== null);
}

const ORIGINS: Readonly<Record<string, string>> = {
  page: 'the page',
  text: 'the file',
  subtitles: 'subtitles',
  captions: 'automatic captions',
  speech: 'speech recognition',
  none: 'nothing: no subtitles, captions or speech recognition',
};

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const grouped = (entities: readonly DigestEntity[]) =>
  KIND_LABELS.flatMap(([kind, label]) => {
    const items = entities.filter((e) => e.type === kind).map((e) => `${e.text} (${e.count})`);
    return items.length > 0 ? [{ label, items: items.join(', ') }] : [];
  });

/** The view of a report (see {@link ReportView}). */
export function reportView(report: ContentReport): ReportView {
  const c = report.content;
  const m = report.method;
  const a = report.assessment;
  return {
    title: c?.about.title ?? c?.about.source ?? 'Content report',
    titles: Object.fromEntries(REPORT_SECTIONS.map((s) => [s.key, s.title])) as ReportView['titles'],
    notices: report.notices,
    about: aboutRows(report),
    summary: c?.summary.sentences ?? [],
    outline: c?.summary.outline ?? [],
    keyPoints: c?.keyPoints ?? [],
    topics: (c?.topics ?? []).join(', '),
    entityGroups: grouped(c?.entities ?? []),
    relations: (c?.relations ?? []).map(
      (r) => `${r.a} and ${r.b}: ${r.sentences} ${r.sentences === 1 ? 'sentence' : 'sentences'}`,
    ),
    claims: report.claims.map((claim) => ({
      text: claim.text,
      verdict: claim.verdict ? VERDICTS[claim.verdict] : 'Not checked',
      detail:
        claim.verdict && claim.confidence !== null
          ? `confidence ${two(claim.confidence)}${claim.source ? `, source: ${claim.source}` : ''}`
          : `check-worthiness ${two(claim.worthiness)}`,
    })),
    fallacies: c?.fallacies ?? [],
    elsewhere: report.elsewhere && {
      terms: report.elsewhere.terms.join(', '),
      mentions: report.elsewhere.mentions,
    },
    tone: c ? `${c.tone.label[0].toUpperCase()}${c.tone.label.slice(1)} (${signed(c.tone.score)})` : '',
    drivers: (c?.tone.drivers ?? []).map((d) => ({ text: d.text, polarity: signed(d.polarity) })),
    quotes: c?.quotes ?? [],
    assessment: a
      ? [
          a.credibility && { label: 'Credibility', value: two(a.credibility.score), reasons: a.credibility.reasons },
          a.threat && { label: 'Threat level', value: a.threat.level, reasons: a.threat.reasons },
          a.grade && { label: 'Briefing grade', value: a.grade.grade, reasons: a.grade.reasons },
        ].filter((r) => r !== null)
      : [],
    recommendations: a?.recommendations ?? [],
    noAssessment: !a
      ? 'Not assessed: this mode runs no credibility, threat or briefing stage (see the method below).'
      : !a.credibility && !a.threat && !a.grade
        ? 'Not assessed: the credibility, threat and briefing stages did not run (see the method below).'
        : null,
    method: [
      { label: 'Mode', value: m.mode },
      { label: 'Depth', value: m.depth === m.requestedDepth ? m.depth : `${m.depth} (asked: ${m.requestedDepth})` },
      { label: 'Engine', value: m.engine },
      { label: 'LLM used', value: m.llmUsed ? 'yes' : 'no' },
      { label: 'Time', value: `${m.processingTimeS.toFixed(1)} s` },
    ],
    stages: m.stages.map((s) => ({ name: s.name, status: s.status, note: s.note })),
    generatedAt: report.generatedAt,
    empty: {
      summary: 'No summary: the text has no sentences.',
      points: 'No key points beyond the summary.',
      entities: 'No people, organisations, places, dates or figures named.',
      claims: 'No check-worthy claims found.',
      tone: 'No tone: the text has no sentences.',
    },
  };
}
