import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { SERVICE_NAME_PATTERN } from './execute-validation';
import { ResilienceService } from './resilience.service';
import type { BreakerSummary, ResilienceSummary } from './resilience.types';

export class BreakerActionParams {
  @Matches(SERVICE_NAME_PATTERN, { message: 'service must be 1-200 letters, digits or . _ : / -' })
  service!: string;

  @IsIn(['open', 'close', 'reset'], { message: 'action must be one of open, close, reset' })
  action!: 'open' | 'close' | 'reset';
}

/**
 * `GET /resilience/health`: degradation mode, score, every breaker and every service's recent health.
 * `POST /resilience/breakers/:service/{open,close,reset}`: operator controls (open creates the breaker if needed;
 * close and reset of an unknown service are 404).
 */
@ApiTags('resilience')
@Controller('resilience')
export class ResilienceController {
  constructor(private readonly resilience: ResilienceService) {}

  @Get('health')
  health(): ResilienceSummary {
    return this.resilience.summary();
  }

  @Post('breakers/:service/:action')
  @HttpCode(200)
  act(@Param() { service, action }: BreakerActionParams): { service: string; breaker: BreakerSummary } {
    const breaker = this.resilience.act(service, action);
    if (!breaker) throw new NotFoundException(`No circuit breaker for service "${service}"`);
    return { service, breaker };
  }
}
