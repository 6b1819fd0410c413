import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-type-json';

@ObjectType('AgentDefinitionVersion')
export class AgentDefinitionVersionModel {
  @Field() agent!: string;
  @Field(() => Int, { description: '1 for the first definition stored; one more per change' }) version!: number;
  @Field({ description: 'file (the agents file) | training (an applied enhancement)' }) origin!: string;
  @Field(() => Float, { description: 'When it was set (epoch ms)' }) at!: number;
  @Field(() => GraphQLJSONObject, { description: 'role, goal, backstory, tools, flags, metadata' })
  definition!: Record<string, unknown>;
}

@ObjectType('TrainingDefinitions')
export class TrainingDefinitionsModel {
  @Field(() => [AgentDefinitionVersionModel], { description: "Each crew agent's current version" })
  agents!: AgentDefinitionVersionModel[];
  @Field(() => [GraphQLJSONObject], {
    description: 'Candidates kept after an evaluation, with their focus and examples',
  })
  candidates!: Record<string, unknown>[];
}

@ObjectType('TrainingEnhancement')
export class TrainingEnhancementModel {
  @Field(() => [GraphQLJSONObject], {
    description: 'Per agent: result, reason, focus, exampleQuality, evaluation, version',
  })
  agents!: Record<string, unknown>[];
  @Field({ description: 'Unified diff from the agents file to the candidates (dry run) or to what was written' })
  diff!: string;
  @Field() written!: boolean;
}

@ObjectType('TrainingExamples')
export class TrainingExamplesModel {
  @Field() agent!: string;
  @Field() focus!: string;
  @Field(() => Int) seed!: number;
  @Field(() => GraphQLJSONObject) weights!: Record<string, number>;
  @Field(() => [GraphQLJSON]) examples!: unknown[];
}
