import { Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TelemetryService } from './telemetry.service';

/** `GET /telemetry/dashboards/:id` (panels computed from data; 404 unknown) and `POST /telemetry/alerts/:id/resolve`. */
@ApiTags('telemetry')
@Controller('telemetry')
export class TelemetryController {
  constructor(private readonly telemetry: TelemetryService) {}

  @Get('dashboards/:id')
  dashboard(@Param('id') id: string) {
    const data = this.telemetry.dashboardData(id);
    if (!data) throw new NotFoundException(`Dashboard "${id}" not found`);
    return data;
  }

  @Post('alerts/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string) {
    const alert = this.telemetry.resolveAlert(id);
    if (!alert) throw new NotFoundException(`No active alert "${id}"`);
    return alert;
  }
}
