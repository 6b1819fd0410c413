import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import { assertNever, fail, ok, type StepResult } from '../../core/result/step-result';
import { MissionInputDto, type MissionInput, type MissionOperation } from './mission.dto';
import { MissionService } from './mission.service';
import type { MissionRecord } from './mission.types';
import type { MissionInProcessOptions } from './mission-in-process-options';
import type { MissionPlan } from './planning/mission-plan';
import { checkPlan } from './planning/plan-schema';

/** The orchestrator's registered name. */
export const MISSION_ORCHESTRATOR = 'mission_orchestrator';

/** A mission as `list` shows it: everything but the plan, the stage results and the messages. */
export type MissionSummary = Omit<MissionRecord, 'plan' | 'stages' | 'pulled' | 'messages'> & {
  readonly stages: { readonly id: string; readonly status: string }[];
};

const summaryOf = ({ plan: _p, stages, pulled: _r, messages: _m, ...rest }: MissionRecord): MissionSummary => ({
  ...rest,
  stages: stages.map((s) => ({ id: s.id, status: s.status })),
});

const invalid = (message: string) => fail('validation', message, { retryable: false });

/**
 * `mission_orchestrator` (domain, coordination): `{ operation = "run", … }` ({@link MissionInputDto}).
 * - `plan` `{ url, depth? }` → the {@link MissionPlan} (rules, or the LLM's validated plan);
 * - `run` `{ plan }` (checked against the plan schema and its depth's limits) or `{ url, depth? }` (planned first),
 *   with `mode?` (`pipeline`, or `hierarchical`: a session of one task per stage) and, with `url`, `missionId?` (the
 *   id to give the mission: a second start with it is a `conflict`) → the queued mission; its run goes on in the
 *   background, checkpointed after every stage;
 * - `resume` `{ missionId }` → the mission queued again from its last checkpoint;
 * - `get` `{ missionId }` → the mission with its checkpoint; `list` `{ limit? (20), status? }` → `{ missions }`.
 * Every operation acts for the context's tenant only. `depth` defaults to `mission.defaultDepth`.
 */
@Orchestrator({
  name: MISSION_ORCHESTRATOR,
  layer: 'domain',
  type: 'coordination',
  description:
    'Missions planned per depth (rules, or a validated LLM plan) and run stage by stage under a budget ledger, checkpointed and resumable',
  permissions: {
    run: 'mission_orchestrator.run',
    operations: { get: 'mission_orchestrator.read', list: 'mission_orchestrator.read' },
  },
  inputSchema: MissionInputDto,
})
@Injectable()
export class MissionOrchestrator extends BaseOrchestrator<MissionInput, unknown, MissionInProcessOptions> {
  constructor(
    private readonly missions: MissionService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async orchestrate(
    ctx: OrchestrationContext,
    input: MissionInput,
    inProcess: MissionInProcessOptions = {},
  ): Promise<StepResult> {
    const operation: MissionOperation = input.operation ?? 'run';
    switch (operation) {
      case 'plan':
        if (input.url === undefined) return invalid('url is required for plan');
        if (input.plan !== undefined || input.missionId !== undefined || input.mode !== undefined)
          return invalid('plan takes url and depth only (plan, missionId, mode are not its fields)');
        return ok(await this.missions.plan(ctx, this.request(input.url, input.depth)));
      case 'run':
        return this.run(ctx, input, inProcess);
      case 'resume':
        if (input.missionId === undefined) return invalid('missionId is required for resume');
        return this.missions.resume(ctx.tenantId, input.missionId, inProcess);
      case 'get': {
        if (input.missionId === undefined) return invalid('missionId is required for get');
        const mission = await this.missions.get(ctx.tenantId, input.missionId);
        if (!mission)
          return fail('not_found', `No mission ${JSON.stringify(input.missionId)} for tenant ${ctx.tenantId}`);
        return ok(mission);
      }
      case 'list': {
        const missions = await this.missions.list(ctx.tenantId, input.limit ?? 20, input.status);
        return ok({ missions: missions.map(summaryOf) });
      }
      default:
        return assertNever(operation);
    }
  }

  private async run(
    ctx: OrchestrationContext,
    input: MissionInput,
    inProcess: MissionInProcessOptions,
  ): Promise<StepResult<MissionRecord>> {
    if ((input.plan === undefined) === (input.url === undefined))
      return invalid('run takes either plan or url (with depth), not both and not neither');
    if (input.plan !== undefined) {
      if (input.depth !== undefined) return invalid('depth goes with url; a plan carries its own depth');
      if (input.missionId !== undefined) return invalid('missionId goes with url; a plan carries its own id');
      const checked = checkPlan(input.plan, 'plan');
      if (!checked.ok) return invalid(checked.problems.join('; '));
      // A supplied plan's planning was paid for when it was made.
      return this.missions.start(ctx, checked.plan, 0, inProcess, input.mode);
    }
    // A caller's mission id makes the start idempotent: once the mission exists, nothing is planned again.
    if (input.missionId !== undefined && (await this.missions.get(ctx.tenantId, input.missionId)))
      return fail(
        'conflict',
        `mission ${input.missionId} already exists: a plan runs once; plan again for a new mission`,
      );
    const plan: MissionPlan = await this.missions.plan(ctx, this.request(input.url!, input.depth), input.missionId);
    return this.missions.start(ctx, plan, plan.planner.costUsd, inProcess, input.mode);
  }

  private request(url: string, depth: string | undefined) {
    return { url: url.trim(), depth: depth ?? this.config.mission.defaultDepth };
  }
}
