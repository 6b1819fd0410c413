import type { StageTools } from '../ports/stage-tools.port';
import type { StageId } from '../stages/stage.types';

/** The stage each method of {@link StageTools} runs. */
const STAGE_OF_METHOD = {
  acquisition: 'S1',
  transcription: 'S2',
  contentAnalysis: 'S3',
  factAnalysis: 'S4',
  crossPlatform: 'S5',
  deception: 'S6',
  knowledge: 'S7',
  analytics: 'S8',
  behaviour: 'S9',
  research: 'S10',
  quality: 'S11',
  briefing: 'S12',
} as const satisfies Partial<Record<keyof StageTools, StageId>>;

/**
 * The run's tools as one task sees them: every stage the task calls is appended to `calls` (in call order, a repeat
 * included), then run through the run's memoised tools. Stages that stages call among themselves go through the
 * run's tools directly and are not the task's calls.
 */
export function taskTools(tools: StageTools, calls: StageId[]): StageTools {
  const stages = Object.fromEntries(
    Object.entries(STAGE_OF_METHOD).map(([method, id]) => [
      method,
      () => {
        calls.push(id);
        return tools[method as keyof typeof STAGE_OF_METHOD]();
      },
    ]),
  ) as Pick<StageTools, keyof typeof STAGE_OF_METHOD>;
  return { ...stages, run: tools.run, digest: () => tools.digest(), results: () => tools.results() };
}
