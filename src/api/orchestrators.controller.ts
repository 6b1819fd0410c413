import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';
import type { OrchestratorInfo } from '../core/orchestrator/orchestrator.types';
import type { StepResult } from '../core/result/step-result';
import { ID_GENERATOR, type IdGenerator } from '../core/runtime/id-generator';
import { ListOrchestratorsQuery } from './dto/list-orchestrators.query';
import { jsonSchemaOf } from './dto/json-schema';
import { OrchestrateBodyDto, type OrchestrateBody } from './dto/orchestrate.dto';
import { ORCHESTRATE_INSPECTION, orchestrateRequest } from './orchestrate.route';
import { InspectFields, PermissionOfOrchestration, RequirePermission } from '../core/security/permissions';

export { httpStatusOf } from './orchestrate.route';

@ApiTags('orchestrators')
@Controller('orchestrators')
export class OrchestratorsController {
  constructor(
    private readonly facade: OrchestrationFacade,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Get()
  @RequirePermission('orchestrators.read')
  @ApiOperation({ summary: 'List orchestrators, optionally of one layer' })
  list(@Query() query: ListOrchestratorsQuery): OrchestratorInfo[] {
    return this.facade.list(query.layer);
  }

  @Get(':name')
  @RequirePermission('orchestrators.read')
  @ApiOperation({ summary: 'Describe one orchestrator' })
  get(@Param('name') name: string): OrchestratorInfo {
    const info = this.facade.describe(name);
    if (!info) throw new NotFoundException(`No orchestrator named "${name}"`);
    return info;
  }

  @Post(':name/orchestrate')
  @PermissionOfOrchestration()
  @InspectFields(...ORCHESTRATE_INSPECTION)
  @ApiOperation({ summary: 'Run an orchestrator; the response is its StepResult' })
  @ApiBody({ type: OrchestrateBodyDto, required: false })
  @ApiOkResponse({ description: 'ok, skipped or uncertain; errors use the status of their category' })
  // Validated by Fastify's compiled ajv validator, generated from the DTO: the class-validator pipe cost ~55 µs a
  // request here, the schema about 1 µs. The parameter's type is an interface, so the global pipe skips it.
  @RouteSchema({ body: jsonSchemaOf(OrchestrateBodyDto) })
  async orchestrate(
    @Param('name') name: string,
    @Body() body: OrchestrateBody | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StepResult> {
    // Over HTTP this route is served by the Fastify route of installOrchestrateRoute (same code, no Nest pipeline).
    return orchestrateRequest(this.facade, this.ids, name, body, req, reply);
  }
}
