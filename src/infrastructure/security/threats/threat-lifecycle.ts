import { fail, ok, type StepResult } from '../../../core/result/step-result';
import type { MitigationAction, SecurityThreat } from './threat.types';

/** Longest resolution note accepted, in characters. */
export const MAX_RESOLUTION_NOTE = 2000;

/** An open threat after `action` was enforced at `at` (epoch ms), until `expiresAt` when the action lasts. */
export function markMitigated(
  threat: SecurityThreat,
  action: MitigationAction,
  at: number,
  expiresAt?: number,
): SecurityThreat {
  if (threat.status !== 'open') throw new Error(`Threat ${threat.threatId} is ${threat.status}, not open`);
  return {
    ...threat,
    status: 'mitigated',
    mitigated: true,
    mitigationAction: action,
    mitigatedAt: new Date(at).toISOString(),
    ...(expiresAt !== undefined ? { mitigationExpiresAt: new Date(expiresAt).toISOString() } : {}),
  };
}

/**
 * An open or mitigated threat closed by an operator with a note (1 to 2000 characters once trimmed). A
 * resolved threat cannot be resolved again (conflict); a bad note or operator is a validation failure.
 */
export function resolveThreat(
  threat: SecurityThreat,
  by: string,
  note: string,
  at: number,
): StepResult<SecurityThreat> {
  const trimmed = note.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_RESOLUTION_NOTE) {
    return fail('validation', `note must be 1 to ${MAX_RESOLUTION_NOTE} characters`);
  }
  if (by.trim().length === 0) return fail('validation', 'by must name the operator');
  if (threat.status === 'resolved') {
    return fail('conflict', `Threat ${threat.threatId} was already resolved at ${threat.resolvedAt ?? '?'}`);
  }
  return ok({
    ...threat,
    status: 'resolved',
    resolvedAt: new Date(at).toISOString(),
    resolvedBy: by,
    resolutionNote: trimmed,
  });
}
