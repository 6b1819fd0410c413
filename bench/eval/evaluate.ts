import { parseText } from '../../src/domain/content/analysis';
import { summaryLength } from '../../src/domain/content/analysis/summary';
import { leadThree, plainTextRank } from './baselines';
import type { CorpusDocument } from './corpus';
import { rouge, scoreEntities, type EntityScores, type RougeScores } from './metrics';
import type { SystemOutput } from './system';

/** Entity recall the system must reach, as the mean over the corpus's documents. */
export const ENTITY_RECALL_GOAL = 0.8;

/** The summaries scored: the system's, and the two baselines computed in the same run. */
export interface RougeByMethod {
  readonly system: RougeScores;
  readonly lead3: RougeScores;
  readonly textrank: RougeScores;
}

export interface DocumentEvaluation {
  readonly slug: string;
  readonly kind: string;
  /** White-space separated words of the document's prose. */
  readonly words: number;
  readonly rouge: RougeByMethod;
  readonly entities: EntityScores;
}

/** The shape of `bench/results/eval.json`. Scores are rounded to 4 decimals. */
export interface EvalReport {
  readonly generatedAt: string;
  readonly node: string;
  readonly documents: readonly DocumentEvaluation[];
  /**
   * Means of the documents' scores as reported; precision over the documents that have one (`null` when none has).
   */
  readonly overall: {
    readonly rouge: RougeByMethod;
    readonly entities: { readonly recall: number; readonly precision: number | null };
  };
  readonly goals: {
    /** The system's mean ROUGE-L is above Lead-3's. */
    readonly rougeLBeatsLead3: boolean;
    readonly entityRecall: { readonly goal: number; readonly value: number; readonly met: boolean };
  };
  /** Every goal met. */
  readonly met: boolean;
}

export interface EvaluateOptions {
  /** The system under test; default `systemOutput` of ./system. */
  readonly system: (text: string) => SystemOutput;
  readonly now?: () => Date;
  readonly node?: string;
}

/**
 * Scores the system and both baselines on every document: ROUGE-1/2/L of each summary against the document's
 * reference; entity recall and precision of the system's entities against its list. Lead-3 takes the first three
 * sentences of the prose; plain TextRank as many sentences as the summary's default length for the document
 * (`summaryLength`: 3 to 6). All three read the same prose, split into sentences by the project's parser.
 */
export function evaluateCorpus(corpus: readonly CorpusDocument[], options: EvaluateOptions): EvalReport {
  const documents = corpus.map((doc): DocumentEvaluation => {
    const parsed = parseText(doc.prose);
    const output = options.system(doc.prose);
    return {
      slug: doc.slug,
      kind: doc.kind,
      words: doc.prose.split(/\s+/).filter(Boolean).length,
      rouge: {
        system: rounded(rouge(output.summary, doc.reference)),
        lead3: rounded(rouge(leadThree(parsed), doc.reference)),
        textrank: rounded(rouge(plainTextRank(parsed, summaryLength(parsed.sentences.length)), doc.reference)),
      },
      entities: roundedEntities(scoreEntities(output.entities, doc.entities)),
    };
  });
  const meanRouge = (method: keyof RougeByMethod): RougeScores =>
    rounded({
      r1: mean(documents.map((d) => d.rouge[method].r1)),
      r2: mean(documents.map((d) => d.rouge[method].r2)),
      rL: mean(documents.map((d) => d.rouge[method].rL)),
    });
  const precisions = documents.flatMap((d) => (d.entities.precision === null ? [] : [d.entities.precision]));
  const overall = {
    rouge: { system: meanRouge('system'), lead3: meanRouge('lead3'), textrank: meanRouge('textrank') },
    entities: {
      recall: round4(mean(documents.map((d) => d.entities.recall))),
      precision: precisions.length === 0 ? null : round4(mean(precisions)),
    },
  };
  const rougeLBeatsLead3 = overall.rouge.system.rL > overall.rouge.lead3.rL;
  const recallMet = overall.entities.recall >= ENTITY_RECALL_GOAL;
  return {
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    node: options.node ?? process.version,
    documents,
    overall,
    goals: {
      rougeLBeatsLead3,
      entityRecall: { goal: ENTITY_RECALL_GOAL, value: overall.entities.recall, met: recallMet },
    },
    met: rougeLBeatsLead3 && recallMet,
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function rounded(scores: RougeScores): RougeScores {
  return { r1: round4(scores.r1), r2: round4(scores.r2), rL: round4(scores.rL) };
}

function roundedEntities(scores: EntityScores): EntityScores {
  const { recall, precision } = scores;
  return { ...scores, recall: round4(recall), precision: precision === null ? null : round4(precision) };
}
