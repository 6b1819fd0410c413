import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrchestrationFacade } from '../core/facade/orchestration.facade';
import { HTTP_STATUS_BY_CATEGORY } from '../core/result/error-category';
import type { StepResult } from '../core/result/step-result';
import type { IdGenerator } from '../core/runtime/id-generator';
import { jsonSchemaOf } from './dto/json-schema';
import { OrchestrateBodyDto, type OrchestrateBody } from './dto/orchestrate.dto';
import { contextForRequest } from '../core/http/request-context';
import { INSPECT_FIELDS_KEY, type InspectedFields } from '../core/security/permissions';

/** The hot route, as Fastify spells it. */
export const ORCHESTRATE_PATH = '/orchestrators/:name/orchestrate';

/**
 * The fields of `input` the generic route (REST and GraphQL `orchestrate`) inspects for threats, never the
 * envelope (`context` holds checked ids and the caller's own metadata): the page the domain orchestrators fetch is
 * blocked as on `POST /autointel`; the free text of the feedback and bandit operations is monitored as on their
 * own routes, so that neither door is looser than the other.
 */
export const ORCHESTRATE_INSPECTION: readonly InspectedFields[] = [
  { fields: ['input.url'], mode: 'block' },
  {
    fields: [
      'input.signal.context',
      'input.signal.metadata',
      'input.feedback.context',
      'input.trajectory',
      'input.evaluation',
    ],
    mode: 'monitor',
  },
  // Prompts routinely quote code between backticks.
  { fields: ['input.prompt', 'input.taskType'], mode: 'monitor', skip: ['command_injection.backticks'] },
];

/** HTTP status of a result: 200 unless it is an error, then its category's status. */
export function httpStatusOf(result: StepResult): number {
  return result.status === 'error' ? HTTP_STATUS_BY_CATEGORY[result.category] : 200;
}

/** Runs the named orchestrator for one request and sets the reply's status; the result is the response body. */
export async function orchestrateRequest(
  facade: OrchestrationFacade,
  ids: IdGenerator,
  name: string,
  body: OrchestrateBody | undefined,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<StepResult> {
  const ctx = contextForRequest(req, reply, body?.context, ids);
  // Request JSON is `input` only, checked against the orchestrator's input schema by the facade; the in-process
  // options (capabilities such as local file access) are never built from a request.
  const result = await facade.orchestrate(name, ctx, body?.input ?? {});
  reply.status(httpStatusOf(result));
  return result;
}

/**
 * Registers `POST /orchestrators/:name/orchestrate` as a plain Fastify route, served without Nest's router (a
 * measured bypass, see "Where a request's time goes" in docs/benchmarks.md): Nest's pipeline (param resolution,
 * pipes, exception zone) cost more per request than the orchestration itself. What the route sees is unchanged: the same body schema
 * (Fastify's compiled ajv validator), the same instance-wide hooks (x-request-id, empty body, request log) and
 * error handler, the same handler code as `OrchestratorsController.orchestrate`, which stays the route's
 * OpenAPI description. The adapter is told not to register Nest's copy of the route. Its inspected fields
 * ({@link ORCHESTRATE_INSPECTION}) are in its route config, where the security boundary's hook finds them.
 */
export function installOrchestrateRoute(fastify: FastifyInstance, facade: OrchestrationFacade, ids: IdGenerator): void {
  fastify.post<{ Params: { name: string }; Body: OrchestrateBody | undefined }>(
    ORCHESTRATE_PATH,
    { schema: { body: jsonSchemaOf(OrchestrateBodyDto) }, config: { [INSPECT_FIELDS_KEY]: ORCHESTRATE_INSPECTION } },
    (req, reply) => orchestrateRequest(facade, ids, req.params.name, req.body, req, reply),
  );
}
