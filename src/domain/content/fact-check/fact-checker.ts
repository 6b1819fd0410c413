import { roundTo } from '../analysis/rounding';
import type { VectorMemory } from '../../../core/ports/vector-memory.port';
import { cosine, type Embedder } from '../memory/hashing-embedder';
import type { Evidence, FactCheckRequest, FactCheckResult, Verdict } from './fact-check.types';
import type { KnowledgeEntry } from './knowledge-base';

/** A published review of a claim (the Google Fact Check Tools API, behind its own adapter). */
export interface ReviewSource {
  search(
    claim: string,
    signal?: AbortSignal,
  ): Promise<
    readonly {
      claimText: string;
      publisher: string;
      url: string;
      title: string | null;
      rating: string;
      verdict: Verdict;
    }[]
  >;
}

export interface FactCheckerOptions {
  readonly embedder: Embedder;
  readonly knowledgeBase: readonly KnowledgeEntry[];
  /** A knowledge-base entry decides a claim at this similarity or above (default 0.6). */
  readonly matchScore?: number;
  readonly memory?: VectorMemory;
  /** Namespace of earlier content in the memory (default `content`). */
  readonly memoryNamespace?: string;
  /** Memory passages below this similarity are not evidence (default 0.3). */
  readonly memoryMinScore?: number;
  readonly reviews?: ReviewSource;
}

const round3 = (n: number) => roundTo(n, 3);

/**
 * Checks claims against, in order: the local knowledge base (the closest entry decides when it is similar
 * enough: confidence 0.5 + 0.5·similarity), published reviews when an API is configured (the majority verdict of
 * the reviews that state one: confidence 0.5 + 0.4·share agreeing), and the tenant's memory of earlier content,
 * whose passages are listed as evidence but decide nothing (similar wording is not agreement). With nothing to go
 * on a claim is `uncertain` at 0.5. A backend that fails is left out of that claim's `backendsUsed`; the check
 * itself never fails.
 */
export class FactChecker {
  private readonly entries: readonly { entry: KnowledgeEntry; vector: Float32Array }[];

  constructor(private readonly options: FactCheckerOptions) {
    this.entries = options.knowledgeBase.map((entry) => ({ entry, vector: options.embedder.embed(entry.claim) }));
  }

  get backends(): string[] {
    return [
      ...(this.entries.length > 0 ? ['knowledge_base'] : []),
      ...(this.options.reviews ? ['google_fact_check'] : []),
      ...(this.options.memory ? ['memory'] : []),
    ];
  }

  async check(request: FactCheckRequest): Promise<FactCheckResult[]> {
    const results: FactCheckResult[] = [];
    for (const claim of request.claims) results.push(await this.checkOne(claim, request));
    return results;
  }

  private async checkOne(claim: string, request: FactCheckRequest): Promise<FactCheckResult> {
    const backendsUsed: string[] = [];
    const evidence: Evidence[] = [];
    let verdict: Verdict = 'uncertain';
    let confidence = 0.5;
    if (this.entries.length > 0) {
      backendsUsed.push('knowledge_base');
      const best = this.closestEntry(claim);
      if (best && best.score >= (this.options.matchScore ?? 0.6)) {
        verdict = best.entry.verdict;
        confidence = round3(0.5 + 0.5 * best.score);
        evidence.push({
          source: 'knowledge_base',
          text: best.entry.note ?? best.entry.claim,
          url: best.entry.source,
          score: round3(best.score),
          verdict: best.entry.verdict,
          publisher: null,
        });
      }
    }
    if (this.options.reviews && verdict === 'uncertain') {
      try {
        const reviews = await this.options.reviews.search(claim, request.signal);
        backendsUsed.push('google_fact_check');
        for (const r of reviews)
          evidence.push({
            source: 'google_fact_check',
            text: `${r.claimText} — ${r.rating}`,
            url: r.url,
            score: 1,
            verdict: r.verdict,
            publisher: r.publisher,
          });
        const decided = majority(reviews.map((r) => r.verdict));
        if (decided) ({ verdict, confidence } = decided);
      } catch {
        // The review service failing leaves the claim to the other backends.
      }
    }
    if (this.options.memory) {
      try {
        const scope = {
          tenantId: request.tenantId,
          workspaceId: request.workspaceId,
          namespace: this.options.memoryNamespace ?? 'content',
        };
        const matches = await this.options.memory.search(scope, claim, {
          limit: 5,
          minScore: this.options.memoryMinScore ?? 0.3,
        });
        backendsUsed.push('memory');
        for (const m of matches.filter((m) => m.metadata.url !== request.excludeUrl).slice(0, 3)) {
          evidence.push({
            source: 'memory',
            text: m.text,
            url: typeof m.metadata.url === 'string' ? m.metadata.url : null,
            score: m.score,
            verdict: null,
            publisher: null,
          });
        }
      } catch {
        // Memory is supporting evidence only: a failed search leaves the verdict as it is.
      }
    }
    return { claim, verdict, confidence, evidence, backendsUsed };
  }

  private closestEntry(claim: string): { entry: KnowledgeEntry; score: number } | undefined {
    const v = this.options.embedder.embed(claim);
    let best: { entry: KnowledgeEntry; score: number } | undefined;
    for (const { entry, vector } of this.entries) {
      const score = cosine(v, vector);
      if (!best || score > best.score) best = { entry, score };
    }
    return best;
  }
}

/** The verdict most reviews give (ignoring uncertain ones); ties between supported and refuted are `mixed`. */
function majority(verdicts: readonly Verdict[]): { verdict: Verdict; confidence: number } | undefined {
  const stated = verdicts.filter((v) => v !== 'uncertain');
  if (stated.length === 0) return undefined;
  const counts = new Map<Verdict, number>();
  for (const v of stated) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const verdict = ranked.length > 1 && ranked[0][1] === ranked[1][1] ? 'mixed' : ranked[0][0];
  return { verdict, confidence: round3(0.5 + (0.4 * (counts.get(verdict) ?? ranked[0][1])) / stated.length) };
}
