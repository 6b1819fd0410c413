import { Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import { assertNever, fail, ok, type StepResult } from '../../core/result/step-result';
import type { SourcePatch } from './catalog/catalog.inputs';
import { MonitoringCatalogService } from './catalog/monitoring-catalog.service';
import { MonitoringOpmlService } from './catalog/monitoring-opml.service';
import type { MonitoringEngine } from './monitoring.engine';
import { MonitoringInputDto, type MonitoringInput } from './monitoring-input.dto';
import type { TenantScope } from './monitoring.store';

/** The orchestrator's registered name. */
export const MONITORING_ORCHESTRATOR = 'realtime_monitoring';

const READ = 'realtime_monitoring.read';
const ADMIN = 'realtime_monitoring.admin';
const DEFAULT_NEXT_CHECKS = 20;
const DEFAULT_ITEMS = 50;

const required = (field: string, operation: string) =>
  fail('validation', `${field} is required for ${operation}`, { retryable: false });

/** The settings of a source an input carries (the fields a patch may change). */
function patchOf(input: MonitoringInput): SourcePatch {
  const { locator, youtubeKind, enabled, priority, intervalSeconds, jitterSeconds, quietHours, runMode, runDepth } =
    input;
  const patch = {
    locator,
    youtubeKind,
    enabled,
    priority,
    intervalSeconds,
    jitterSeconds,
    quietHours,
    runMode,
    runDepth,
  };
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/**
 * `realtime_monitoring` (application, monitoring): `{ operation, … }` ({@link MonitoringInputDto}).
 * - the catalog: `add_creator` `{ id, name?, tier? }`, `update_creator` / `get_creator` / `remove_creator`
 *   `{ creatorId, … }`, `list_creators`; `add_source` `{ creatorId, platform, locator, …settings }`,
 *   `update_source` and `update_schedule` `{ sourceId, …settings }`, `get_source` / `remove_source` `{ sourceId }`,
 *   `list_items` `{ sourceId, limit? (50) }` (the items seen, newest first, each with its run),
 *   `list_sources` `{ creatorId? }`; `seed` (the original's network); `import_opml` `{ opml, enable? }`, `export_opml`;
 * - the engine: `start`, `stop` (this instance's scheduler), `status`, `next_checks` `{ limit? (20) }`, `check_now`
 *   `{ sourceId }`; `unavailable` when no engine is bound.
 * Every operation acts for the context's tenant only.
 */
@Orchestrator({
  name: MONITORING_ORCHESTRATOR,
  layer: 'application',
  type: 'monitoring',
  description:
    'Creators and their feeds per tenant, checked on schedules that honour their settings, new items turned into runs',
  permissions: {
    run: 'realtime_monitoring.manage',
    operations: {
      start: ADMIN,
      stop: ADMIN,
      status: READ,
      next_checks: READ,
      get_creator: READ,
      list_creators: READ,
      get_source: READ,
      list_items: READ,
      list_sources: READ,
      export_opml: READ,
    },
  },
  inputSchema: MonitoringInputDto,
})
@Injectable()
export class MonitoringOrchestrator extends BaseOrchestrator<MonitoringInput> {
  constructor(
    private readonly catalog: MonitoringCatalogService,
    private readonly opml: MonitoringOpmlService,
  ) {
    super();
  }

  async orchestrate(ctx: OrchestrationContext, input: MonitoringInput): Promise<StepResult> {
    const scope: TenantScope = { tenantId: ctx.tenantId, workspaceId: ctx.workspaceId };
    const op = input.operation;
    switch (op) {
      case 'start':
      case 'stop':
      case 'status':
      case 'next_checks':
      case 'check_now':
        return this.onEngine(scope, input);
      case 'add_creator':
        if (input.id === undefined) return required('id', op);
        return this.catalog.addCreator(scope, { id: input.id, name: input.name, tier: input.tier });
      case 'update_creator':
        if (input.creatorId === undefined) return required('creatorId', op);
        return this.catalog.updateCreator(scope, input.creatorId, { name: input.name, tier: input.tier });
      case 'remove_creator':
        if (input.creatorId === undefined) return required('creatorId', op);
        return this.catalog.removeCreator(scope, input.creatorId);
      case 'get_creator':
        if (input.creatorId === undefined) return required('creatorId', op);
        return this.catalog.getCreator(scope, input.creatorId);
      case 'list_creators':
        return this.catalog.listCreators(scope);
      case 'add_source':
        if (input.creatorId === undefined) return required('creatorId', op);
        if (input.platform === undefined) return required('platform', op);
        if (input.locator === undefined) return required('locator', op);
        return this.catalog.addSource(scope, {
          ...patchOf(input),
          creatorId: input.creatorId,
          platform: input.platform,
          locator: input.locator,
        });
      case 'update_source':
      case 'update_schedule':
        if (input.sourceId === undefined) return required('sourceId', op);
        return this.catalog.updateSource(scope, input.sourceId, patchOf(input));
      case 'remove_source':
        if (input.sourceId === undefined) return required('sourceId', op);
        return this.catalog.removeSource(scope, input.sourceId);
      case 'get_source':
        if (input.sourceId === undefined) return required('sourceId', op);
        return this.catalog.getSource(scope, input.sourceId);
      case 'list_items': {
        if (input.sourceId === undefined) return required('sourceId', op);
        const limit = input.limit ?? DEFAULT_ITEMS;
        if (limit < 1 || limit > 1000) return fail('validation', 'limit must be from 1 to 1000', { retryable: false });
        return this.catalog.listItems(scope, input.sourceId, limit);
      }
      case 'list_sources':
        return this.catalog.listSources(scope, input.creatorId);
      case 'seed':
        return this.catalog.seed(scope);
      case 'import_opml':
        if (input.opml === undefined) return required('opml', op);
        return this.opml.import(scope, input.opml, input.enable ?? false);
      case 'export_opml':
        return ok({ opml: await this.opml.export(scope) });
      default:
        return assertNever(op);
    }
  }

  private async onEngine(scope: TenantScope, input: MonitoringInput): Promise<StepResult> {
    const engine: MonitoringEngine | undefined = this.catalog.engine();
    if (!engine) return fail('unavailable', 'no monitoring engine is bound on this instance', { retryable: false });
    const op = input.operation as 'start' | 'stop' | 'status' | 'next_checks' | 'check_now';
    switch (op) {
      case 'start':
        return ok(await engine.start());
      case 'stop':
        return ok(await engine.stop());
      case 'status':
        return ok(await engine.status(scope));
      case 'next_checks': {
        const limit = input.limit ?? DEFAULT_NEXT_CHECKS;
        if (limit < 1 || limit > 1000) return fail('validation', 'limit must be from 1 to 1000', { retryable: false });
        return ok({ checks: await engine.nextChecks(scope, limit) });
      }
      case 'check_now': {
        if (input.sourceId === undefined) return required('sourceId', op);
        const summary = await engine.checkNow(scope, input.sourceId);
        if (!summary)
          return fail('not_found', `No source ${JSON.stringify(input.sourceId)} in this tenant`, { retryable: false });
        return ok(summary);
      }
      default:
        return assertNever(op);
    }
  }
}
