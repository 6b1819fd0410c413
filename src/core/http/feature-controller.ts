import { HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HTTP_STATUS_BY_CATEGORY } from '../result/error-category';
import { assertNever, type StepResult } from '../result/step-result';

/**
 * Helpers for an orchestrator's own REST controller (the feature routes beside `/orchestrators/:name`). Such a
 * route takes its context from `@RequestCtx()` and runs its orchestrator through the facade; these turn the
 * StepResult into the route's answer.
 */

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

/**
 * The data of a result, for routes that answer with the bare payload rather than the StepResult; an error becomes
 * an HTTP error of its category's status with its message (rendered like every other HTTP error). A skipped result
 * has no data and answers `undefined`.
 */
export async function dataOf<T>(pending: Promise<StepResult<T>>): Promise<T | undefined> {
  const result = await pending;
  switch (result.status) {
    case 'ok':
    case 'uncertain':
      return result.data;
    case 'skipped':
      return undefined;
    case 'error':
      throw new HttpException(result.error, HTTP_STATUS_BY_CATEGORY[result.category]);
    default:
      return assertNever(result);
  }
}
