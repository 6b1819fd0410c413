import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const BreakerActionEnum = { open: 'open', close: 'close', reset: 'reset' } as const;
registerEnumType(BreakerActionEnum, { name: 'BreakerAction' });

@ObjectType('CircuitBreaker')
export class BreakerModel {
  @Field() service!: string;
  @Field({ description: 'closed | open | half_open' }) state!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) successful!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) timeouts!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) timesOpened!: number;
  @Field(() => Int) consecutiveFailures!: number;
  @Field(() => Float) failureRate!: number;
  @Field(() => Float, { nullable: true, description: 'Epoch ms the breaker last opened, while not closed' })
  openedSince?: number;
}

@ObjectType('ServiceHealth')
export class ServiceHealthModel {
  @Field() service!: string;
  @Field() healthy!: boolean;
  @Field(() => Float) successRate!: number;
  @Field(() => Float) avgLatencyMs!: number;
  @Field(() => Int) samples!: number;
  @Field(() => Float) routingWeight!: number;
  @Field(() => Float, { nullable: true }) lastCheck?: number;
}

@ObjectType('ResilienceSummary')
export class ResilienceSummaryModel {
  @Field() degradationMode!: boolean;
  @Field(() => Float) score!: number;
  @Field(() => [BreakerModel]) breakers!: BreakerModel[];
  @Field(() => [ServiceHealthModel]) services!: ServiceHealthModel[];
}
