import type { Depth } from '../../content';
import { depthAtLeast, runStage, type StageId, type StageResult, type StageTools } from '../../crew';

/**
 * The stages a depth runs after the crew: every depth runs S1–S4, S6, S7 and S9–S12; deep adds
 * cross-platform intel (S5), comprehensive adds performance analytics (S8). S13 (delivery) is the workflow's.
 */
export function stagesFor(depth: Depth): StageId[] {
  const ids: StageId[] = ['S1', 'S2', 'S3', 'S4'];
  if (depthAtLeast(depth, 'deep')) ids.push('S5');
  ids.push('S6', 'S7');
  if (depthAtLeast(depth, 'comprehensive')) ids.push('S8');
  ids.push('S9', 'S10', 'S11', 'S12');
  return ids;
}

/** Runs the depth's stages (those the crew already ran are memoised) and returns them in stage order. */
export async function collectStages(tools: StageTools, depth: Depth): Promise<Partial<Record<StageId, StageResult>>> {
  const ids = stagesFor(depth).filter((id): id is Exclude<StageId, 'S13'> => id !== 'S13');
  const results = await Promise.all(ids.map((id) => runStage(tools, id)));
  return Object.fromEntries(ids.map((id, i) => [id, results[i]]));
}
