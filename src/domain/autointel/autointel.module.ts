import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { AutointelController } from './autointel.controller';
import { autointelChannelProvider, extraProgressProvider } from './autointel.providers';
import { AutointelRepository } from './autointel.repository';
import { AutointelService } from './autointel.service';
import { contentRunsProvider } from './content-runs.adapter';
import { CONTENT_RUNS } from '../../core/ports/content-runs.port';

/**
 * The `/autointel` job and its REST API: runs queued, stored and streamed per tenant, each run executed by the
 * orchestrator of its mode through the facade. It provides `CONTENT_RUNS`, through which other layers start runs.
 */
@Module({
  imports: [CrewModule],
  providers: [
    autointelChannelProvider,
    extraProgressProvider,
    AutointelRepository,
    AutointelService,
    contentRunsProvider,
  ],
  controllers: [AutointelController],
  exports: [AutointelService, CONTENT_RUNS],
})
export class AutointelModule {}
