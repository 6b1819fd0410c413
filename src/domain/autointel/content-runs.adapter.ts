import { Injectable, type Provider } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import {
  CONTENT_RUNS,
  type ContentRunRequest,
  type ContentRunsPort,
  type StartedContentRun,
} from '../../core/ports/content-runs.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { AutointelService } from './autointel.service';

/**
 * {@link ContentRunsPort} over the main job: each request becomes an autointel run of the context's tenant and
 * workspace, with the request's mode and depth. A full run queue is the job's `unavailable` (retryable) error,
 * passed on unchanged so the caller keeps the work and asks again.
 */
@Injectable()
export class AutointelContentRuns implements ContentRunsPort {
  constructor(private readonly autointel: AutointelService) {}

  async start(ctx: OrchestrationContext, request: ContentRunRequest): Promise<StepResult<StartedContentRun>> {
    const started = await this.autointel.start(
      {
        url: request.url,
        mode: request.mode,
        depth: request.depth,
        tenantId: ctx.tenantId,
        workspaceId: ctx.workspaceId,
      },
      ctx,
    );
    if (started.status === 'error') return fail(started.category, started.error, { retryable: started.retryable });
    return ok({ runId: started.data.workflowId, status: started.data.status });
  }
}

/** Binds {@link CONTENT_RUNS} for other layers, which resolve it lazily (`ModuleRef.get(CONTENT_RUNS, { strict: false })`). */
export const contentRunsProvider: Provider = { provide: CONTENT_RUNS, useClass: AutointelContentRuns };
