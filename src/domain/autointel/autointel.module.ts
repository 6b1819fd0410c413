import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { AutointelController } from './autointel.controller';
import { autointelChannelProvider, extraProgressProvider } from './autointel.providers';
import { AutointelRepository } from './autointel.repository';
import { AutointelService } from './autointel.service';

/**
 * The `/autointel` job and its REST API: runs queued, stored and streamed per tenant, each run executed by the
 * orchestrator of its mode through the facade.
 */
@Module({
  imports: [CrewModule],
  providers: [autointelChannelProvider, extraProgressProvider, AutointelRepository, AutointelService],
  controllers: [AutointelController],
  exports: [AutointelService],
})
export class AutointelModule {}
