import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType('MissionStage')
export class MissionStageModel {
  @Field() id!: string;
  @Field({ description: 'critical | high | medium | low' }) priority!: string;
}

@ObjectType('MissionBudget')
export class MissionBudgetModel {
  @Field(() => Int) agents!: number;
  @Field(() => Int) toolCalls!: number;
  @Field(() => Int) iterations!: number;
  @Field(() => Float) costUsd!: number;
  @Field(() => Float) minutes!: number;
  @Field(() => Int) memoryMb!: number;
}

@ObjectType('MissionResources')
export class MissionResourcesModel {
  @Field(() => Int) cpus!: number;
  @Field(() => Float) ramGb!: number;
  @Field(() => Float) diskGb!: number;
  @Field() gpu!: boolean;
}

@ObjectType('MissionDuration')
export class MissionDurationModel {
  @Field(() => Float) minutes!: number;
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
}

@ObjectType('MissionPlanner')
export class MissionPlannerModel {
  @Field({ description: 'rules | llm' }) kind!: string;
  @Field({ nullable: true }) model?: string;
  @Field(() => Float) costUsd!: number;
}

@ObjectType('MissionPlan')
export class MissionPlanModel {
  @Field() missionId!: string;
  @Field() url!: string;
  @Field() depth!: string;
  @Field(() => [MissionStageModel]) stages!: MissionStageModel[];
  @Field(() => [String]) roster!: string[];
  @Field(() => MissionBudgetModel) budget!: MissionBudgetModel;
  @Field(() => MissionResourcesModel) resources!: MissionResourcesModel;
  @Field(() => MissionDurationModel) duration!: MissionDurationModel;
  @Field(() => [String]) risks!: string[];
  @Field(() => [String]) successCriteria!: string[];
  @Field(() => [String]) decisionsLog!: string[];
  @Field(() => MissionPlannerModel) planner!: MissionPlannerModel;
}

@ObjectType('MissionStageOutcome')
export class MissionStageOutcomeModel {
  @Field() id!: string;
  @Field({ description: 'completed | skipped | failed | dropped' }) status!: string;
  @Field({ nullable: true }) crewStage?: string;
  @Field({ nullable: true }) reason?: string;
  @Field(() => GraphQLJSON, { nullable: true, description: "The stage's result (a StepResult)" }) result?: unknown;
  @Field(() => GraphQLJSON, { description: 'What the stage spent, by resource' }) spent!: unknown;
  @Field(() => Float) startedAt!: number;
  @Field(() => Float) finishedAt!: number;
}

@ObjectType('MissionLedger')
export class MissionLedgerModel {
  @Field(() => Float) costUsd!: number;
  @Field(() => Int) toolCalls!: number;
  @Field(() => Int) iterations!: number;
  @Field(() => Float) seconds!: number;
}

@ObjectType('MissionError')
export class MissionErrorModel {
  @Field() message!: string;
  @Field() category!: string;
}

@ObjectType('Mission')
export class MissionModel {
  @Field() missionId!: string;
  @Field() url!: string;
  @Field() depth!: string;
  @Field({ description: 'queued | running | interrupted | failed | budget_exceeded | completed' }) status!: string;
  @Field({ description: 'pipeline | hierarchical' }) mode!: string;
  @Field({ nullable: true, description: 'Hierarchical mode: the session running its stages' })
  sessionId?: string;
  @Field(() => MissionPlanModel) plan!: MissionPlanModel;
  @Field(() => [MissionStageOutcomeModel]) stages!: MissionStageOutcomeModel[];
  @Field(() => MissionLedgerModel) ledger!: MissionLedgerModel;
  @Field(() => [String]) decisions!: string[];
  @Field(() => [String]) messages!: string[];
  @Field(() => Int) attempts!: number;
  @Field(() => Float) createdAt!: number;
  @Field(() => Float, { nullable: true }) startedAt?: number | null;
  @Field(() => Float, { nullable: true }) finishedAt?: number | null;
  @Field(() => MissionErrorModel, { nullable: true }) error?: MissionErrorModel | null;
}
