import type { Interaction, InteractionOutcome } from '../../core/ports/interaction-log.port';
import type { TaskOutcome } from './planning/session-runner';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The quality a handler's data reports: the content report's quality score (`quality.ai_quality_score`, 0–1) of a
 * content task's run; null when there is none.
 */
export function reportedQuality(data: unknown): number | null {
  const quality = isRecord(data) && isRecord(data.quality) ? data.quality.ai_quality_score : undefined;
  return typeof quality === 'number' && Number.isFinite(quality) && quality >= 0 && quality <= 1 ? quality : null;
}

function outcomeOf(task: TaskOutcome): InteractionOutcome {
  if (task.status === 'failed') return 'error';
  if (task.status === 'skipped') return 'skipped';
  return task.result?.status === 'uncertain' ? 'uncertain' : 'ok';
}

/**
 * The interaction of a settled hierarchy task an agent ran (null for one no agent ran): the agent, the task type,
 * the session as the run, ok/uncertain/skipped/error from the task's status and last result, the time from its first
 * attempt to its outcome, and the quality its handler's data reports. Hierarchy tasks call no stage tools of their
 * own: their tools are empty (a content task's crew records its own).
 */
export function taskInteraction(
  tenantId: string,
  sessionId: string,
  type: string,
  task: TaskOutcome,
  at: number,
): Interaction | null {
  if (!task.agentId || task.attempts === 0) return null;
  const result = task.result;
  const data = result && (result.status === 'ok' || result.status === 'uncertain') ? result.data : undefined;
  const ended = task.finishedAt ?? at;
  return {
    tenantId,
    agent: task.agentId,
    taskType: type,
    source: 'hierarchy',
    runId: sessionId,
    tools: [],
    toolSequence: [],
    durationMs: task.startedAt === null ? 0 : Math.max(0, ended - task.startedAt),
    outcome: outcomeOf(task),
    quality: reportedQuality(data),
    error: task.status === 'failed' ? (task.reason ?? (result?.status === 'error' ? result.error : 'failed')) : null,
    at: ended,
  };
}
