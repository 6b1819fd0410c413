import type { ParsedText } from '../analysis/analysis.types';
import { rankSentences } from '../analysis/summary';
import type { OutlineSection } from './digest.types';

/** Sections listed at most. */
export const OUTLINE_SECTIONS = 12;
/** Parts a text without headings is cut into. */
const PARTS = 5;
/** A paragraph of at most this many words without closing punctuation is a heading. */
const HEADING_WORDS = 12;

interface Section {
  readonly heading: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A long document section by section: under each heading (a short paragraph without closing punctuation), the
 * section's best-ranked sentence. A text with fewer than two headings is cut into {@link PARTS} parts of whole
 * paragraphs, named `Part 1`, `Part 2`, … Sections without a sentence of their own are left out.
 */
export function outline(parsed: ParsedText): OutlineSection[] {
  const ranked = rankSentences(parsed);
  const sections = headedSections(parsed.text) ?? parts(parsed.text);
  const out: OutlineSection[] = [];
  for (const section of sections) {
    if (out.length === OUTLINE_SECTIONS) break;
    const best = ranked.find(
      (r) =>
        r.sentence.start >= section.start &&
        r.sentence.end <= section.end &&
        r.sentence.text.trim() !== section.heading,
    );
    if (best) out.push({ heading: section.heading, point: best.sentence.text });
  }
  return out;
}

function paragraphs(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]+)*/gu)) {
    const start = m.index ?? 0;
    if (m[0].trim()) out.push({ text: m[0].trim(), start, end: start + m[0].length });
  }
  return out;
}

const isHeading = (p: string) => p.split(/\s+/).length <= HEADING_WORDS && !/[.!?:;,"”)]$/u.test(p);

function headedSections(text: string): Section[] | null {
  const paras = paragraphs(text);
  const headings = paras.filter((p) => isHeading(p.text));
  if (headings.length < 2) return null;
  return headings.map((h, i) => ({
    heading: h.text,
    start: h.end,
    end: i + 1 < headings.length ? headings[i + 1].start : text.length,
  }));
}

function parts(text: string): Section[] {
  const paras = paragraphs(text);
  const size = Math.max(1, Math.ceil(paras.length / PARTS));
  const out: Section[] = [];
  for (let i = 0; i < paras.length; i += size) {
    const chunk = paras.slice(i, i + size);
    out.push({ heading: `Part ${out.length + 1}`, start: chunk[0].start, end: chunk[chunk.length - 1].end });
  }
  return out;
}
