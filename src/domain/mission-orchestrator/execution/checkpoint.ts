import type { StageId, StageResult } from '../../crew';
import type { MissionRecord, StageOutcome } from '../mission.types';

/** Outcomes that a resume keeps: the stage is not run again. */
const DONE = new Set<StageOutcome['status']>(['completed', 'skipped', 'dropped']);
/** Crew results worth handing to a resumed run (a failed one is run again). */
const KEPT = new Set<StageResult['status']>(['ok', 'uncertain', 'skipped']);

export function outcomeOf(record: MissionRecord, stageId: string): StageOutcome | undefined {
  return record.stages.find((o) => o.id === stageId);
}

/** Whether the stage has an outcome a resume keeps. */
export function isDone(record: MissionRecord, stageId: string): boolean {
  const o = outcomeOf(record, stageId);
  return o !== undefined && DONE.has(o.status);
}

/** The outcomes with `outcome` set (replacing the stage's earlier one), in plan order. */
export function withOutcome(record: MissionRecord, outcome: StageOutcome): StageOutcome[] {
  const byId = new Map(record.stages.map((o) => [o.id, o]));
  byId.set(outcome.id, outcome);
  return record.plan.stages.flatMap((s) => byId.get(s.id) ?? []);
}

/** The crew results of earlier attempts worth keeping, planned stages' and pulled ones', by crew stage. */
export function settledCrewStages(record: MissionRecord): Partial<Record<StageId, StageResult>> {
  const settled: Partial<Record<StageId, StageResult>> = {};
  for (const [id, result] of Object.entries(record.pulled) as [StageId, StageResult][])
    if (KEPT.has(result.status)) settled[id] = result;
  for (const o of record.stages)
    if (o.crewStage && o.result && DONE.has(o.status) && KEPT.has(o.result.status)) settled[o.crewStage] = o.result;
  return settled;
}
