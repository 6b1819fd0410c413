import type { RequestSpec } from './http';

/** The writes the harness drives, one per REST route it checks. */
export const WRITE_KINDS = [
  'feedback.signal',
  'feedback.tool',
  'feedback.agent',
  'bandit.decide',
  'bandit.reward',
] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export type FeedbackType = 'tool' | 'agent';

/** A feedback submit with a client-chosen signal id (the generic route or the tool / agent helper). */
export interface FeedbackWrite {
  readonly kind: 'feedback.signal' | 'feedback.tool' | 'feedback.agent';
  readonly tenant: string;
  readonly signalId: string;
  readonly componentType: FeedbackType;
  readonly componentId: string;
  /** A multiple of 1/1024 in [0.6, 1): sums are exact in any order, and no component is ever disabled. */
  readonly reward: number;
  readonly request: RequestSpec;
}

export interface DecideWrite {
  readonly kind: 'bandit.decide';
  readonly tenant: string;
  readonly domain: string;
  readonly algorithm: string;
  readonly request: RequestSpec;
}

/** What an acknowledged decision told the client. */
export interface Decision {
  readonly tenant: string;
  readonly decisionId: string;
  readonly domain: string;
  readonly algorithm: string;
  readonly action: string;
}

export interface RewardWrite {
  readonly kind: 'bandit.reward';
  readonly tenant: string;
  readonly decision: Decision;
  /** A multiple of 1/1024 in [0, 1]. */
  readonly reward: number;
  readonly request: RequestSpec;
}

export type Write = FeedbackWrite | DecideWrite | RewardWrite;

/** The tenant's key: every write is scoped to the key's tenant, none names one. */
const post = (key: string, path: string, body: unknown): RequestSpec => ({ method: 'POST', path, key, body });

export function feedbackWrite(
  kind: FeedbackWrite['kind'],
  tenant: string,
  key: string,
  signal: { signalId: string; componentType: FeedbackType; componentId: string; reward: number; extra: number },
): FeedbackWrite {
  const { signalId, componentType, componentId, reward, extra } = signal;
  let request: RequestSpec;
  if (kind === 'feedback.signal') {
    request = post(key, '/feedback', { signalId, componentType, componentId, reward });
  } else if (kind === 'feedback.tool') {
    const body = { signalId, toolId: componentId, success: true, qualityScore: reward, latencyMs: extra };
    request = post(key, '/feedback/tool', body);
  } else {
    const body = { signalId, agentId: componentId, success: true, qualityScore: reward, durationS: extra / 100 };
    request = post(key, '/feedback/agent', body);
  }
  return { kind, tenant, signalId, componentType, componentId, reward, request };
}

export function decideWrite(tenant: string, key: string, domain: string, algorithm: string, user: string): DecideWrite {
  return {
    kind: 'bandit.decide',
    tenant,
    domain,
    algorithm,
    request: post(key, `/bandits/${domain}/decisions`, { userId: user, algorithm }),
  };
}

export function rewardWrite(key: string, decision: Decision, reward: number): RewardWrite {
  const request = post(key, '/bandits/feedback', { decisionId: decision.decisionId, reward });
  return { kind: 'bandit.reward', tenant: decision.tenant, decision, reward, request };
}

/** The `data` of a StepResult answer, or undefined. */
export function dataOf(json: unknown): Record<string, unknown> | undefined {
  const body = json as { status?: unknown; data?: unknown } | undefined;
  return body?.status === 'ok' && typeof body.data === 'object' && body.data !== null
    ? (body.data as Record<string, unknown>)
    : undefined;
}

/**
 * Why an acknowledgement does not describe the write it answers (undefined when it does): a feedback receipt
 * names the signal id and type sent; a reward answer names the decision, its algorithm and action, and the reward.
 */
export function ackMismatch(write: Write, json: unknown): string | undefined {
  const data = dataOf(json);
  if (!data) return `not an ok result: ${JSON.stringify(json)?.slice(0, 200)}`;
  switch (write.kind) {
    case 'feedback.signal':
    case 'feedback.tool':
    case 'feedback.agent':
      if (data.signalId !== write.signalId) return `signalId ${String(data.signalId)} instead of ${write.signalId}`;
      if (data.componentType !== write.componentType) return `componentType ${String(data.componentType)}`;
      return undefined;
    case 'bandit.decide':
      return typeof data.decisionId === 'string' && typeof data.action === 'string' ? undefined : 'no decision';
    case 'bandit.reward': {
      const d = write.decision;
      if (data.decisionId !== d.decisionId) return `decisionId ${String(data.decisionId)}`;
      if (data.algorithm !== d.algorithm || data.action !== d.action) return `decided by ${String(data.algorithm)}`;
      return data.reward === write.reward ? undefined : `reward ${String(data.reward)} instead of ${write.reward}`;
    }
  }
}

/**
 * Why a re-send of an acknowledged write was not answered as the first one (undefined when it was): the same
 * acknowledgement, and for feedback a receipt that says `duplicate` (a re-send queued again counts twice).
 */
export function duplicateMismatch(write: Write, status: number, json: unknown): string | undefined {
  if (status < 200 || status > 299) return `answered ${status}: ${JSON.stringify(json)?.slice(0, 200)}`;
  const mismatch = ackMismatch(write, json);
  if (mismatch) return mismatch;
  if (write.kind.startsWith('feedback.') && dataOf(json)?.duplicate !== true) return 'accepted again as a new signal';
  return undefined;
}

/** Whether the answer to a re-sent feedback write says it was queued again: the signal now counts twice. */
export function queuedAgain(write: Write, status: number, json: unknown): boolean {
  return write.kind.startsWith('feedback.') && status >= 200 && status <= 299 && dataOf(json)?.queued === true;
}
