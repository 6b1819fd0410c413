import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsObject, IsOptional, Matches } from 'class-validator';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-type-json';
import { ID_PATTERN } from '../dto/orchestrate.dto';

export const LayerEnum = { domain: 'domain', application: 'application', infrastructure: 'infrastructure' } as const;
registerEnumType(LayerEnum, { name: 'OrchestrationLayer' });

@ObjectType('Orchestrator')
export class OrchestratorModel {
  @Field() name!: string;
  @Field(() => LayerEnum) layer!: string;
  @Field() type!: string;
  @Field() description!: string;
  @Field() hasHealthCheck!: boolean;
  @Field(() => GraphQLJSON, { description: 'The permission each operation needs: { run, operations }' })
  permissions!: unknown;
}

/** A StepResult: `status` says which of the other fields are set. */
@ObjectType('StepResult')
export class StepResultModel {
  @Field({ description: 'ok | skipped | uncertain | error' }) status!: string;
  @Field(() => GraphQLJSON, { nullable: true }) data?: unknown;
  @Field({ nullable: true, description: 'Why the step was skipped or is uncertain' }) reason?: string;
  @Field({ nullable: true }) error?: string;
  @Field({ nullable: true }) category?: string;
  @Field({ nullable: true }) retryable?: boolean;
  @Field({ nullable: true, description: 'The HTTP status the REST API would answer with' }) httpStatus?: number;
}

@InputType('OrchestrationContextInput')
export class OrchestrationContextInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  tenantId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  workspaceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  requestId?: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export { GraphQLJSON, GraphQLJSONObject };
