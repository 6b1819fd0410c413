import { clamp01, finite, score3 } from './score-math';

/** Verdict labels that count as true / false when S6 scores S4's verdicts; all others are dropped. */
export const TRUE_VERDICTS: readonly string[] = ['true', 'likely true', 'supported'];
export const FALSE_VERDICTS: readonly string[] = ['false', 'likely false', 'unsupported'];

/** The truth score at or above which the trust tracker records the subject as truthful. */
export const TRUST_THRESHOLD = 0.55;

const normalise = (label: string) => label.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');

/** `true` / `false` for a verdict label in the true / false sets (any case, `likely_true` = `likely true`), else undefined. */
export function verdictTruth(label: string): boolean | undefined {
  const v = normalise(label);
  if (TRUE_VERDICTS.includes(v)) return true;
  return FALSE_VERDICTS.includes(v) ? false : undefined;
}

/** One per-claim item of S4. */
export interface FactCheckItem {
  readonly claim: string;
  readonly verdict?: string | null;
  readonly confidence?: number | null;
  readonly sourceTrust?: number | null;
}

/** One verdict S6 hands to the deception and truth tools. */
export interface ScoringVerdict {
  readonly verdict: string;
  readonly confidence: number;
  readonly claim: string | null;
  /** `factcheck` for S4 items; `evidence_count` for the synthetic verdict. */
  readonly source: 'factcheck' | 'evidence_count';
  readonly sourceTrust: number | null;
  readonly salience: 1;
}

/**
 * The S6 verdict list: every S4 item with a verdict becomes `{verdict (lower-cased),
 * confidence (default .5, clamped), claim, source 'factcheck', source trust, salience 1}`. Without such items,
 * one synthetic verdict from the evidence count: 0 → uncertain .3, 1–2 → uncertain .4, ≥ 3 → "needs context" .6.
 */
export function scoringVerdicts(items: readonly FactCheckItem[], evidenceCount: number): ScoringVerdict[] {
  const verdicts = items.flatMap((item): ScoringVerdict[] => {
    const verdict = item.verdict?.trim().toLowerCase();
    if (!verdict) return [];
    const trust = finite(item.sourceTrust);
    return [
      {
        verdict,
        confidence: clamp01(finite(item.confidence) ?? 0.5),
        claim: item.claim,
        source: 'factcheck',
        sourceTrust: trust ?? null,
        salience: 1,
      },
    ];
  });
  if (verdicts.length > 0) return verdicts;
  const evidence = Math.max(0, finite(evidenceCount) ?? 0);
  const [verdict, confidence] =
    evidence === 0 ? ['uncertain', 0.3] : evidence < 3 ? ['uncertain', 0.4] : ['needs context', 0.6];
  return [{ verdict, confidence, claim: null, source: 'evidence_count', sourceTrust: null, salience: 1 }];
}

/** The truth tool's input: the verdicts in the true/false sets as booleans, others dropped. */
export function truthInputs(verdicts: readonly { readonly verdict: string }[]): boolean[] {
  return verdicts.flatMap((v) => {
    const truth = verdictTruth(v.verdict);
    return truth === undefined ? [] : [truth];
  });
}

/** Truth score = share of `true` among the booleans, round3; null when there are none (S6 skips with "no verdicts"). */
export function truthScore(booleans: readonly boolean[]): number | null {
  return booleans.length === 0 ? null : score3(booleans.filter(Boolean).length / booleans.length);
}

/**
 * The S6 trust verdict recorded for the subject: with a truth score,
 * `score ≥ .55`; without one, the majority of the booleans (`#true ≥ #false`, a tie is truthful);
 * no booleans either → false.
 */
export function trustVerdict(input: {
  readonly truthScore?: number | null;
  readonly booleans: readonly boolean[];
}): boolean {
  const score = finite(input.truthScore);
  if (score !== undefined) return score >= TRUST_THRESHOLD;
  if (input.booleans.length === 0) return false;
  const trues = input.booleans.filter(Boolean).length;
  return trues >= input.booleans.length - trues;
}

/** Where S6 looks for the person or channel to track trust for. */
export interface TrustSubjectInput {
  readonly uploader?: string | null;
  readonly channel?: string | null;
  readonly author?: string | null;
  readonly contentMetadata?: { readonly uploader?: string | null; readonly channel?: string | null } | null;
  readonly downloadUrl?: string | null;
}

/**
 * The trust subject: the first non-blank of uploader, channel, author, metadata uploader/channel and download URL;
 * else "unknown".
 */
export function trustSubject(input: TrustSubjectInput): string {
  const candidates = [
    input.uploader,
    input.channel,
    input.author,
    input.contentMetadata?.uploader,
    input.contentMetadata?.channel,
    input.downloadUrl,
  ];
  return candidates.map((c) => c?.trim()).find((c): c is string => !!c) ?? 'unknown';
}
