import { isNonEmpty } from '../scoring/score-math';
import type { SummaryIdentity, Block, RunIdentity } from './synthesis.types';

/** What is left when multi-modal synthesis cannot run. */
export interface FallbackSynthesis {
  readonly fallbackSynthesis: true;
  readonly fallbackReason: string;
  readonly basicSummary: SummaryIdentity & {
    readonly totalStages: number;
  };
  /** Every stage key given, with whether it held data. */
  readonly availableResults: Readonly<Record<string, boolean>>;
  readonly qualityGrade: 'limited';
  readonly requiresManualReview: true;
  readonly productionReady: false;
}

/**
 * Fallback synthesis: the run identity, the number of stage keys, which stages held data, grade
 * `limited`, manual review required, not production ready.
 */
export function synthesizeFallback(
  identity: RunIdentity,
  stages: Readonly<Record<string, Block | null | undefined>>,
  reason: string,
): FallbackSynthesis {
  const keys = Object.keys(stages);
  return {
    fallbackSynthesis: true,
    fallbackReason: reason,
    basicSummary: {
      url: identity.url,
      workflowId: identity.workflowId,
      analysisDepth: identity.depth,
      processingTime: identity.processingTime,
      totalStages: keys.length,
    },
    availableResults: Object.fromEntries(keys.map((k) => [k, isNonEmpty(stages[k])])),
    qualityGrade: 'limited',
    requiresManualReview: true,
    productionReady: false,
  };
}
