import type { AgentDefinition, AgentId, TaskId } from '../../crew';
import { decidePromotion, type PromotionVerdict, type Samples } from './promotion';

/** How one replayed reply scored, each 0–1. */
export interface ReplayScore {
  readonly quality: number;
  readonly success: number;
}

/** Runs one task of an agent under a definition and scores the reply. */
export interface Replayer {
  readonly runtimeName: string;
  replay(agent: AgentId, definition: AgentDefinition, taskId: TaskId, signal?: AbortSignal): Promise<ReplayScore>;
}

export interface Evaluation {
  readonly runtime: string;
  readonly repeats: number;
  readonly tasks: readonly TaskId[];
  readonly current: Samples;
  readonly candidate: Samples;
  readonly verdict: PromotionVerdict;
}

const meanOf = (xs: readonly number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10_000) / 10_000;

/**
 * Replays the tasks under the current and the candidate definition, `repeats` times each; a repeat's value per
 * metric is the mean over the tasks. The verdict compares the two with their 95 % bounds.
 */
export async function evaluateCandidate(
  replayer: Replayer,
  agent: AgentId,
  tasks: readonly TaskId[],
  current: AgentDefinition,
  candidate: AgentDefinition,
  repeats: number,
  signal?: AbortSignal,
): Promise<Evaluation> {
  const run = async (definition: AgentDefinition): Promise<Samples> => {
    const quality: number[] = [];
    const success: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const scores: ReplayScore[] = [];
      for (const task of tasks) scores.push(await replayer.replay(agent, definition, task, signal));
      quality.push(meanOf(scores.map((s) => s.quality)));
      success.push(meanOf(scores.map((s) => s.success)));
    }
    return { quality, success };
  };
  const currentSamples = await run(current);
  const candidateSamples = await run(candidate);
  return {
    runtime: replayer.runtimeName,
    repeats,
    tasks,
    current: currentSamples,
    candidate: candidateSamples,
    verdict: decidePromotion(currentSamples, candidateSamples),
  };
}
