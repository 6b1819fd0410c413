import { BadRequestException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OrchestrationContext } from '../context/orchestration-context';
import { HTTP_STATUS_BY_CATEGORY } from '../result/error-category';
import type { StepResult } from '../result/step-result';
import { randomIds, type IdGenerator } from '../runtime/id-generator';

/** Helpers for an orchestrator's own REST controller (the feature routes beside `/orchestrators/:name`). */

const TENANT = /^[A-Za-z0-9._:-]{1,128}$/;

/** A root context for a request whose tenant comes from the `x-tenant-id` header (default tenant when absent); 400 when malformed. */
export function contextForTenantHeader(tenant: string | undefined, ids: IdGenerator = randomIds): OrchestrationContext {
  if (tenant !== undefined && !TENANT.test(tenant))
    throw new BadRequestException('x-tenant-id must be 1-128 letters, digits or . _ : -');
  return OrchestrationContext.create({ tenantId: tenant }, ids);
}

/** Sets the reply status from a result — its error category's status, else `okStatus` (a number or a function of the result) — and returns it. */
export async function replyWith<T>(
  reply: FastifyReply,
  pending: Promise<StepResult<T>>,
  okStatus: number | ((result: StepResult<T>) => number) = 200,
): Promise<StepResult<T>> {
  const result = await pending;
  reply.status(
    result.status === 'error'
      ? HTTP_STATUS_BY_CATEGORY[result.category]
      : typeof okStatus === 'number'
        ? okStatus
        : okStatus(result),
  );
  return result;
}
