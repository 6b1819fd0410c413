import { Injectable } from '@nestjs/common';
import type { StepResult } from '../../../core/result/step-result';
import { HierarchyTaskHandler, type TaskCall, type TaskHandler } from '../../crew';
import { MISSION_ID } from '../mission.dto';
import { MissionService } from '../mission.service';
import { MISSION_STAGES } from '../planning/mission-catalogue';
import { MISSION_STAGE_TASK, type StageTaskInput } from './stage-session';

const STAGE_IDS = new Set(MISSION_STAGES.map((s) => s.id));
const FIELDS = ['missionId', 'runId', 'stage'];

/**
 * `mission_stage`: one stage of a hierarchical mission's run, `{ missionId, runId, stage }` — the tasks of the
 * session a mission in `hierarchical` mode runs on. The stage runs under the mission's budget ledger and is
 * checkpointed like a pipeline stage; it runs only while its run is the mission's current one, so a task of an
 * older session, or one made up by a caller, changes nothing. A stage with a kept outcome is not run again: an
 * attempt repeated after a restart answers the stored outcome.
 */
@HierarchyTaskHandler(MISSION_STAGE_TASK)
@Injectable()
export class MissionStageTask implements TaskHandler {
  constructor(private readonly missions: MissionService) {}

  inputProblems(input: Readonly<Record<string, unknown>>): string[] {
    const problems: string[] = [];
    for (const field of ['missionId', 'runId'])
      if (typeof input[field] !== 'string' || !MISSION_ID.test(input[field]))
        problems.push(`${field} is required (an id: letters, digits, ".", "_", ":" or "-")`);
    if (typeof input.stage !== 'string' || !STAGE_IDS.has(input.stage))
      problems.push(`stage must be one of ${[...STAGE_IDS].join(', ')}`);
    const extra = Object.keys(input).filter((k) => !FIELDS.includes(k));
    if (extra.length > 0) problems.push(`${extra.join(', ')}: not an input of mission_stage (${FIELDS.join(', ')})`);
    return problems;
  }

  handle(call: TaskCall): Promise<StepResult<unknown>> {
    call.progress();
    return this.missions.runStage(call.ctx.tenantId, call.input as unknown as StageTaskInput, call.signal);
  }
}
