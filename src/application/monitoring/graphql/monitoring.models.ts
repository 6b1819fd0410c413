import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MonitoringCreator')
export class MonitoringCreatorModel {
  @Field() id!: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true, description: '1 (most important) … 5' }) tier!: number | null;
  @Field(() => Float, { description: 'Epoch ms' }) createdAt!: number;
  @Field(() => Float) updatedAt!: number;
}

@ObjectType('MonitoringQuietHours')
export class MonitoringQuietHoursModel {
  @Field() start!: string;
  @Field() end!: string;
  @Field() timeZone!: string;
}

@ObjectType('MonitoringSource')
export class MonitoringSourceModel {
  @Field() id!: string;
  @Field() creatorId!: string;
  @Field({ description: 'youtube | reddit | feed | twitch | tiktok | instagram | twitter | discord' })
  platform!: string;
  @Field() locator!: string;
  @Field(() => String, { nullable: true }) youtubeKind!: string | null;
  @Field() enabled!: boolean;
  @Field(() => Int) priority!: number;
  @Field(() => Int) intervalSeconds!: number;
  @Field(() => Int) jitterSeconds!: number;
  @Field(() => MonitoringQuietHoursModel, { nullable: true }) quietHours!: MonitoringQuietHoursModel | null;
  @Field() runMode!: string;
  @Field() runDepth!: string;
  @Field(() => Float) createdAt!: number;
  @Field(() => Float) updatedAt!: number;
}
