import { ok, skip } from '../../../core/result/step-result';
import { chunkMessage, type ProgressPort, type StageResult } from '../../crew';
import type { MissionPlan } from '../planning/mission-plan';

interface Briefing {
  readonly executive_summary?: string;
  readonly key_findings?: readonly string[];
  readonly strategic_recommendations?: readonly string[];
  readonly intelligence_grade?: string;
}

/** What the mission planning stage announces: the mission, its depth, planner and stages in order. */
export function planAnnouncement(plan: MissionPlan): string {
  const by = plan.planner.kind === 'llm' ? `the LLM (${plan.planner.model ?? 'unknown model'})` : 'the rules';
  return (
    `Mission ${plan.missionId} (${plan.depth}), planned by ${by}: ${plan.stages.length} stages — ` +
    plan.stages.map((s) => s.id).join(' → ')
  );
}

/** The briefing as the communication stage delivers it: summary, grade, key findings and recommendations. */
export function briefingText(missionId: string, data: Briefing): string {
  const lines = [`Mission ${missionId} briefing`, '', data.executive_summary ?? 'No summary.'];
  if (data.intelligence_grade) lines.push('', `Intelligence grade: ${data.intelligence_grade}`);
  const list = (title: string, items: readonly string[] | undefined) => {
    if (items && items.length > 0) lines.push('', `${title}:`, ...items.map((i) => `- ${i}`));
  };
  list('Key findings', data.key_findings);
  list('Recommendations', data.strategic_recommendations);
  return lines.join('\n');
}

/** Mission planning: the plan (made before the run) is announced; what it decided is the stage's result. */
export async function planningStage(plan: MissionPlan, post: (text: string) => Promise<void>): Promise<StageResult> {
  await post(planAnnouncement(plan));
  return ok({ planner: plan.planner, stages: plan.stages.map((s) => s.id), budget: plan.budget });
}

/** Communication: the briefing, in message-sized slices, through the run's progress channel. */
export async function communicationStage(
  missionId: string,
  briefing: StageResult | undefined,
  progress: ProgressPort,
  post: (text: string) => Promise<void>,
): Promise<StageResult> {
  if (briefing?.status !== 'ok') return skip('no_briefing');
  if (!progress.isOpen()) return skip('progress_channel_closed');
  const text = briefingText(missionId, briefing.data);
  const chunks = chunkMessage(text);
  for (const chunk of chunks) await post(chunk);
  return ok({ delivered: chunks.length, characters: text.length });
}
