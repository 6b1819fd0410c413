import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType('HierarchyTask')
export class HierarchyTaskModel {
  @Field() taskId!: string;
  @Field() objectiveId!: string;
  @Field() type!: string;
  @Field(() => Int, { description: '1–10, 10 the most important' }) priority!: number;
  @Field({ description: 'pending | running | completed | failed | skipped' }) status!: string;
  @Field(() => String, { nullable: true }) agentId!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true, description: 'Why it did not complete' }) reason!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: "The handler's StepResult of the last attempt" })
  result!: unknown;
}

@ObjectType('HierarchySession')
export class HierarchySessionModel {
  @Field() sessionId!: string;
  @Field() missionName!: string;
  @Field({ description: 'queued | running | completed | failed | partial | cancelled' }) status!: string;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Float) createdAt!: number;
  @Field(() => Float, { nullable: true }) startedAt!: number | null;
  @Field(() => Float, { nullable: true }) finishedAt!: number | null;
  @Field(() => Int, { description: 'Attempts and delegations so far' }) steps!: number;
  @Field(() => Int) starts!: number;
  @Field(() => [HierarchyTaskModel], { description: 'Empty in lists' }) tasks!: HierarchyTaskModel[];
  @Field(() => GraphQLJSON, { nullable: true, description: 'Completed tasks’ data, highest role first' })
  synthesis!: unknown;
}

@ObjectType('HierarchyAgent')
export class HierarchyAgentModel {
  @Field() agentId!: string;
  @Field() role!: string;
  @Field(() => [String]) capabilities!: string[];
  @Field(() => [String]) specialisations!: string[];
  @Field(() => Int) capacity!: number;
  @Field({ description: 'active | stale' }) status!: string;
  @Field(() => Float) lastHeartbeat!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, { nullable: true }) averageSeconds!: number | null;
}
