import { createHash } from 'node:crypto';
import { fail, type StepResult } from '../../core/result/step-result';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { Decision } from './bandits.types';

/** The id of a decision made under an idempotency key: derived from the key, so that a retry finds it. */
export function keyedDecisionId(key: string): string {
  return `k-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** A digest of what a keyed decision was asked: the same key with another request is a conflict. */
export function requestDigest(domain: string, userId: string, features: unknown, algorithm: AlgorithmName): string {
  return createHash('sha256')
    .update(JSON.stringify([domain, userId, features, algorithm]))
    .digest('hex');
}

/** A stored decision with its fields in the order first answered (the database keeps JSON keys in its own order). */
export function asDecision(stored: unknown): Decision {
  const d = stored as Decision;
  return {
    decisionId: d.decisionId,
    domain: d.domain,
    action: d.action,
    actionIndex: d.actionIndex,
    algorithm: d.algorithm,
    confidence: d.confidence,
    exploration: d.exploration,
    predictedReward: d.predictedReward,
    propensity: d.propensity,
    expiresAt: d.expiresAt,
  };
}

export function keyConflict(): StepResult<never> {
  return fail('conflict', 'This Idempotency-Key was used for another request');
}
