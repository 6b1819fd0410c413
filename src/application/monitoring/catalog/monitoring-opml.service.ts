import { Inject, Injectable } from '@nestjs/common';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { MONITORING_STORE, type MonitoringStore, type TenantScope } from '../monitoring.store';
import { FEED_PLATFORMS } from '../monitoring.types';
import type { OpmlImportReport, OpmlOutlineReport } from './catalog.inputs';
import { MonitoringCatalogService } from './monitoring-catalog.service';
import { readOpml, writeOpml, type OpmlEntry } from './opml-catalog';

/**
 * OPML import and export of a tenant's catalog. An import adds, for each outline with a feed, the creator named by
 * its parent outline (when missing) and the source, through the catalog's own checks: a source the tenant already
 * has is `skipped`, one the catalog refuses is an `error` with its message; the others go on. Imported sources on a
 * platform with a watcher are enabled only when asked.
 */
@Injectable()
export class MonitoringOpmlService {
  constructor(
    private readonly catalog: MonitoringCatalogService,
    @Inject(MONITORING_STORE) private readonly store: MonitoringStore,
  ) {}

  async import(scope: TenantScope, xml: string, enable: boolean): Promise<StepResult<OpmlImportReport>> {
    let entries: OpmlEntry[];
    try {
      entries = readOpml(xml);
    } catch (e) {
      return fail('validation', `body is not an OPML document (${(e as Error).message})`, { retryable: false });
    }
    const outlines: OpmlOutlineReport[] = [];
    let creatorsCreated = 0;
    for (const entry of entries) {
      const { outline, creatorId, platform, locator } = entry;
      const report = { outline, creatorId, platform, locator };
      if (!(await this.store.getCreator(scope, creatorId))) {
        const added = await this.catalog.addCreator(scope, { id: creatorId, name: entry.creatorName });
        if (added.status === 'error') {
          outlines.push({ ...report, status: 'error', error: added.error });
          continue;
        }
        creatorsCreated++;
      }
      const enabled = enable && FEED_PLATFORMS.includes(platform);
      const source = await this.catalog.addSource(scope, { creatorId, platform, locator, enabled });
      if (source.status === 'ok') outlines.push({ ...report, status: 'created', sourceId: source.data.id });
      else if (source.status === 'error' && source.category === 'conflict' && source.error.includes('already exists'))
        outlines.push({ ...report, status: 'skipped', error: source.error });
      else if (source.status === 'error') outlines.push({ ...report, status: 'error', error: source.error });
    }
    const count = (status: OpmlOutlineReport['status']) => outlines.filter((o) => o.status === status).length;
    return ok({
      created: count('created'),
      skipped: count('skipped'),
      errors: count('error'),
      creatorsCreated,
      outlines,
    });
  }

  async export(scope: TenantScope): Promise<string> {
    const [creators, sources] = await Promise.all([this.store.listCreators(scope), this.store.listSources(scope)]);
    return writeOpml(`Monitoring catalog of ${scope.tenantId}`, creators, sources);
  }
}
